import { Button } from './Button';
import './tables.css';

export interface PaginationProps {
  page: number;
  pageSize: number;
  total: number;
  onPageChange: (page: number) => void;
  /** Plural noun for the summary: "clients", "entries". */
  noun: string;
}

export function Pagination({ page, pageSize, total, onPageChange, noun }: PaginationProps) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return (
    <nav className="pagination" aria-label="Pagination">
      <p className="pagination-summary">
        {total === 0 ? `No ${noun}` : `Showing ${first}–${last} of ${total} ${noun}`}
      </p>
      {pages > 1 ? (
        <div className="pagination-buttons">
          <Button size="sm" isDisabled={page <= 1} onPress={() => onPageChange(page - 1)}>
            Previous page
          </Button>
          <span className="pagination-page" aria-current="page">
            Page {page} of {pages}
          </span>
          <Button size="sm" isDisabled={page >= pages} onPress={() => onPageChange(page + 1)}>
            Next page
          </Button>
        </div>
      ) : null}
    </nav>
  );
}
