import type { DocumentDto } from '../../../../contracts/documents';
import { ActionMenu, type ActionMenuItem } from '../../../components/ActionMenu';
import { Badge } from '../../../components/Badge';
import { Cell, CellLabel, Column, Row, Table, TableBody, TableHeader } from '../../../components/Table';
import { formatFileSize } from '../../../lib/file-size';
import { formatDate } from '../../../lib/format';
import { useTimeZone } from '../../../lib/time-zone';
import { documentDownloadUrl } from '../api/keys';

export type DocumentAction = 'preview' | 'rename' | 'categorise' | 'review' | 'unreview' | 'share' | 'unshare' | 'delete';

function menuItems(doc: DocumentDto): ActionMenuItem<DocumentAction>[] {
  return [
    ...(doc.previewable ? [{ id: 'preview' as const, label: 'Preview' }] : []),
    { id: 'rename', label: 'Rename' },
    { id: 'categorise', label: 'Categorise' },
    doc.reviewedAt ? { id: 'unreview', label: 'Mark not reviewed' } : { id: 'review', label: 'Mark reviewed' },
    doc.visibleToClient ? { id: 'unshare', label: 'Stop sharing with the client' } : { id: 'share', label: 'Share with the client' },
    { id: 'delete', label: 'Delete', destructive: true },
  ];
}

export interface DocumentsTableProps {
  documents: ReadonlyArray<DocumentDto>;
  label: string;
  onAction: (doc: DocumentDto, action: DocumentAction) => void;
  /** The document whose change is on its way (its actions wait). */
  busyId?: string | null;
}

/** A client's documents: what, where it belongs, who sent it and when, and whether it is shared and reviewed. */
export function DocumentsTable({ documents, label, onAction, busyId }: DocumentsTableProps) {
  const timeZone = useTimeZone();
  return (
    <Table aria-label={label} className="documents-table">
      <TableHeader>
        <Column isRowHeader>Name</Column>
        <Column>Category</Column>
        <Column>Service / task</Column>
        <Column>Uploaded</Column>
        <Column>Shared · reviewed</Column>
        <Column className="table-column-actions">
          <span className="visually-hidden">Actions</span>
        </Column>
      </TableHeader>
      <TableBody items={documents}>
        {(doc) => (
          <Row id={doc.id}>
            <Cell className="cell-wrap documents-cell-name">
              <div className="cell-primary">{doc.fileName}</div>
              <div className="cell-secondary">
                {formatFileSize(doc.sizeBytes)}
                {doc.requestId || doc.version > 1 ? ` · version ${doc.version}` : ''}
                {doc.superseded ? ' · a newer version exists' : ''}
              </div>
            </Cell>
            <Cell>
              <CellLabel>Category</CellLabel>
              {doc.category ? <span>{doc.category}</span> : <span className="muted">None</span>}
            </Cell>
            <Cell className="cell-wrap">
              <CellLabel>Service / task</CellLabel>
              {doc.serviceName ? (
                <>
                  <span>{doc.serviceName}</span>
                  {doc.taskName ? <div className="cell-secondary">{doc.taskName}</div> : null}
                </>
              ) : (
                <span className="muted">Not linked</span>
              )}
            </Cell>
            <Cell>
              <CellLabel>Uploaded</CellLabel>
              <span>{doc.uploadedByName}</span>
              <div className="cell-secondary">
                {doc.uploadedBy === 'portal' ? 'Client · ' : ''}
                {formatDate(doc.createdAt, timeZone)}
              </div>
            </Cell>
            <Cell>
              <div className="documents-status">
                {doc.visibleToClient ? <Badge tone="info">Shared with client</Badge> : <Badge tone="neutral">Not shared</Badge>}
                {doc.reviewedAt ? <Badge tone="success">Reviewed</Badge> : <Badge tone="warning">To review</Badge>}
                {doc.reviewedAt ? (
                  <span className="cell-secondary">
                    {doc.reviewedByName ? `${doc.reviewedByName}, ` : ''}
                    {formatDate(doc.reviewedAt, timeZone)}
                  </span>
                ) : null}
              </div>
            </Cell>
            <Cell className="table-cell-actions">
              <div className="row documents-actions">
                <a className="btn btn-secondary btn-sm" href={documentDownloadUrl(doc.id)} download aria-label={`Download ${doc.fileName}`}>
                  Download
                </a>
                <ActionMenu
                  label={`More actions for ${doc.fileName}`}
                  items={menuItems(doc)}
                  isDisabled={busyId === doc.id}
                  onAction={(id) => onAction(doc, id)}
                />
              </div>
            </Cell>
          </Row>
        )}
      </TableBody>
    </Table>
  );
}
