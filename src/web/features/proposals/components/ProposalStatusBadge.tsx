import { type ProposalStatus, proposalStatusLabels } from '../../../../contracts/proposals';
import { Badge } from '../../../components/Badge';
import { statusTone } from './proposal-labels';

export function ProposalStatusBadge({ status }: { status: ProposalStatus }) {
  return <Badge tone={statusTone[status]}>{proposalStatusLabels[status]}</Badge>;
}
