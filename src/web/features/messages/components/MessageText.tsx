import { linkify } from './message-text';

/**
 * A message's plain text: line breaks kept (CSS pre-wrap), http(s) addresses as links that open in
 * a new tab without access to this page. Rendered as React text, never as HTML.
 */
export function MessageText({ text }: { text: string }) {
  return (
    <p className="message-text">
      {linkify(text).map((part, i) =>
        part.kind === 'link' ? (
          <a key={i} href={part.href} target="_blank" rel="noopener noreferrer nofollow">
            {part.text}
          </a>
        ) : (
          part.text
        ),
      )}
    </p>
  );
}
