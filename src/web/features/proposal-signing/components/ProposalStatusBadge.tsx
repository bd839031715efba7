import type { ProposalStatus } from '../../../../contracts/proposals';
import { Badge } from '../../../components/Badge';
import { statusLabel, statusTone } from './proposal-words';

/** Draft, Awaiting signature, Accepted, Declined, Withdrawn or Expired (the contract's labels). */
export function ProposalStatusBadge({ status }: { status: ProposalStatus }) {
  return <Badge tone={statusTone[status]}>{statusLabel(status)}</Badge>;
}
