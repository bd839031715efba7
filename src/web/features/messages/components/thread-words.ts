import type { ThreadSummary } from '../../../../contracts/messages';
import type { MessagesScope } from '../api/keys';

type ThreadLink = NonNullable<ThreadSummary['link']>;

/** What a thread is about, in words: "Invoice INV-0042", "BAS Preparation Q3 2026", "Task: Bank statements". */
export function linkText(link: ThreadLink): string {
  if (link.kind === 'invoice') return /^draft/i.test(link.label) ? link.label : `Invoice ${link.label}`;
  if (link.kind === 'task') return `Task: ${link.label}`;
  return link.label;
}

/** Where the thing a thread is about is shown (a task has no page of its own, so it is named without a link). */
export function linkPath(scope: MessagesScope, link: ThreadLink): string | null {
  const root = scope.kind === 'staff' ? '/app' : '';
  if (link.kind === 'invoice') return `${root}/invoices/${link.id}`;
  if (link.kind === 'service') return `${root}/services/${link.id}`;
  return null;
}

/** "1 unread message", "3 unread messages". */
export function unreadWords(n: number): string {
  return `${n} unread ${n === 1 ? 'message' : 'messages'}`;
}

/** A choice for "About" when starting a thread: "invoice:<id>" or "service:<id>". */
export type AboutValue = `${'service' | 'task' | 'invoice'}:${string}` | 'none';

export function aboutValue(kind: 'service' | 'task' | 'invoice', id: string): AboutValue {
  return `${kind}:${id}`;
}

export function parseAbout(value: string | null | undefined): { kind: 'service' | 'task' | 'invoice'; id: string } | null {
  const m = /^(service|task|invoice):([0-9a-f-]{36})$/i.exec(value ?? '');
  return m?.[1] && m[2] ? { kind: m[1].toLowerCase() as 'service' | 'task' | 'invoice', id: m[2] } : null;
}
