import type { ReactNode } from 'react';
import { Alert } from '../../../components/Alert';

/** The one answer for a link that is unknown, used, expired or for something else. */
export function InvalidLink({ title = 'This link is no longer valid', children }: { title?: string | undefined; children: ReactNode }) {
  return (
    <Alert tone="error" title={title}>
      {children}
    </Alert>
  );
}
