import { type Client, clientTypeLabels } from '../../../../contracts/clients';
import { formatAbn, formatAcn, formatDate, formatPhone } from '../../../lib/format';
import { useTimeZone } from '../../../lib/time-zone';
import { typesWithAcn } from './client-labels';

function Value({ children }: { children: string | null | undefined }) {
  return children ? <>{children}</> : <span className="muted">Not recorded</span>;
}

/** A client's details, read-only. */
export function ClientDetails({ client }: { client: Client }) {
  const timeZone = useTimeZone();
  return (
    <dl className="details">
      <div>
        <dt>Type</dt>
        <dd>{clientTypeLabels[client.type]}</dd>
      </div>
      <div>
        <dt>ABN</dt>
        <dd>
          <Value>{formatAbn(client.abn)}</Value>
        </dd>
      </div>
      {typesWithAcn.has(client.type) || client.acn ? (
        <div>
          <dt>ACN</dt>
          <dd>
            <Value>{formatAcn(client.acn)}</Value>
          </dd>
        </div>
      ) : null}
      <div>
        <dt>Email</dt>
        <dd>{client.email ? <a href={`mailto:${client.email}`}>{client.email}</a> : <Value>{null}</Value>}</dd>
      </div>
      <div>
        <dt>Phone</dt>
        <dd>
          <Value>{formatPhone(client.phone)}</Value>
        </dd>
      </div>
      <div>
        <dt>Address</dt>
        <dd>
          <Value>{client.address}</Value>
        </dd>
      </div>
      <div>
        <dt>Assigned to</dt>
        <dd>{client.assignedStaffName ?? <span className="muted">Unassigned</span>}</dd>
      </div>
      <div>
        <dt>Client since</dt>
        <dd>{formatDate(client.createdAt, timeZone)}</dd>
      </div>
    </dl>
  );
}
