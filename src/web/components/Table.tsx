import {
  Cell as AriaCell,
  type CellProps,
  Column as AriaColumn,
  type ColumnProps,
  Row as AriaRow,
  type RowProps,
  Table as AriaTable,
  TableBody as AriaTableBody,
  type TableBodyProps,
  TableHeader as AriaTableHeader,
  type TableHeaderProps,
  type TableProps,
} from 'react-aria-components';
import type { ReactNode } from 'react';
import './tables.css';

/**
 * Data tables on react-aria (role=grid: arrow keys move between cells, Tab leaves the table).
 * The wrapper scrolls sideways on narrow screens rather than squashing columns.
 */
export function Table({ className, ...props }: Omit<TableProps, 'className'> & { className?: string; 'aria-label': string }) {
  return (
    <div className="table-scroll">
      <AriaTable {...props} className={['table', className ?? ''].filter(Boolean).join(' ')} />
    </div>
  );
}

export function TableHeader<T extends object>(props: Omit<TableHeaderProps<T>, 'className'>) {
  return <AriaTableHeader {...props} className="table-header" />;
}

export function Column({ className, ...props }: Omit<ColumnProps, 'className'> & { className?: string }) {
  return <AriaColumn {...props} className={['table-column', className ?? ''].filter(Boolean).join(' ')} />;
}

export function TableBody<T extends object>(props: Omit<TableBodyProps<T>, 'className'>) {
  return <AriaTableBody {...props} className="table-body" />;
}

export function Row<T extends object>({ className, ...props }: Omit<RowProps<T>, 'className'> & { className?: string }) {
  return <AriaRow {...props} className={['table-row', className ?? ''].filter(Boolean).join(' ')} />;
}

export function Cell({ className, ...props }: Omit<CellProps, 'className'> & { className?: string }) {
  return <AriaCell {...props} className={['table-cell', className ?? ''].filter(Boolean).join(' ')} />;
}

/** What an empty table says instead of rows. */
export function TableEmpty({ children }: { children: ReactNode }) {
  return <div className="table-empty">{children}</div>;
}

/**
 * The column's name inside a cell, shown only on narrow screens where rows are stacked and the
 * column headers are out of sight (on wide screens the header row says it).
 */
export function CellLabel({ children }: { children: ReactNode }) {
  return <span className="cell-label">{children}: </span>;
}
