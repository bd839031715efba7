import { z } from 'zod';

/**
 * Reply of POST /api/public/invitations/accept and /password-resets/complete
 * (docs/api-foundation.md). Not in src/contracts yet, so declared here; move it there when it lands.
 */
export const linkCompletedReplySchema = z.object({
  kind: z.enum(['staff', 'portal']),
  redirectTo: z.string(),
});
export type LinkCompletedReply = z.infer<typeof linkCompletedReplySchema>;
