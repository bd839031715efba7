import type { ReactNode } from 'react';
import { Button } from '../../../components/Button';
import { DateField } from '../../../components/DateField';
import { Checkbox } from '../../../components/Checkbox';
import { Select, type SelectOption } from '../../../components/Select';

export type StatusFilter = 'active' | 'completed' | 'cancelled' | 'all';

export interface WorkFilterValues {
  status: StatusFilter;
  /** '' for any stage. */
  stageKey: string;
  /** '' for anyone, 'unassigned', or a team member's id. */
  assigneeId: string;
  dueFrom: string;
  dueTo: string;
  overdue: boolean;
  waitingOnClient: boolean;
}

export const defaultWorkFilters: WorkFilterValues = {
  status: 'active',
  stageKey: '',
  assigneeId: '',
  dueFrom: '',
  dueTo: '',
  overdue: false,
  waitingOnClient: false,
};

const ANY = 'any';

const statusOptions: SelectOption<StatusFilter>[] = [
  { id: 'active', label: 'Active' },
  { id: 'completed', label: 'Completed' },
  { id: 'cancelled', label: 'Cancelled' },
  { id: 'all', label: 'All statuses' },
];

export interface WorkFiltersProps {
  values: WorkFilterValues;
  onChange: (next: WorkFilterValues) => void;
  /** Stages to filter by (key → staff name). */
  stageOptions: ReadonlyArray<SelectOption>;
  /** Team members (Anyone and Unassigned are added here). */
  staffOptions: ReadonlyArray<SelectOption>;
  /** Extra filters the page adds (e.g. a client picker). */
  children?: ReactNode;
  /** Whether one of those extra filters is set (then "Clear filters" shows, and calls onClear). */
  hasExtraFilters?: boolean;
  onClear?: () => void;
}

function isDefault(v: WorkFilterValues): boolean {
  return (Object.keys(defaultWorkFilters) as Array<keyof WorkFilterValues>).every((k) => v[k] === defaultWorkFilters[k]);
}

/** The work list's filters; every change applies at once (the page keeps them in the address). */
export function WorkFilters({ values, onChange, stageOptions, staffOptions, children, hasExtraFilters = false, onClear }: WorkFiltersProps) {
  const set = <K extends keyof WorkFilterValues>(key: K, value: WorkFilterValues[K]) => onChange({ ...values, [key]: value });
  const stages: SelectOption[] = [{ id: ANY, label: 'Any stage' }, ...stageOptions];
  const assignees: SelectOption[] = [{ id: ANY, label: 'Anyone' }, { id: 'unassigned', label: 'Unassigned' }, ...staffOptions];
  return (
    <div className="work-filters" role="group" aria-label="Filters">
      <div className="work-filters-fields">
        <Select label="Status" options={statusOptions} value={values.status} onChange={(v) => set('status', v)} />
        <Select label="Stage" options={stages} value={values.stageKey || ANY} onChange={(v) => set('stageKey', v === ANY ? '' : v)} />
        <Select label="Assigned to" options={assignees} value={values.assigneeId || ANY} onChange={(v) => set('assigneeId', v === ANY ? '' : v)} />
        {children}
        <DateField label="Due from" value={values.dueFrom} onChange={(v) => set('dueFrom', v)} />
        <DateField label="Due to" value={values.dueTo} onChange={(v) => set('dueTo', v)} />
      </div>
      <div className="work-filters-toggles">
        <Checkbox isSelected={values.overdue} onChange={(v) => set('overdue', v)}>
          Overdue only
        </Checkbox>
        <Checkbox isSelected={values.waitingOnClient} onChange={(v) => set('waitingOnClient', v)}>
          Waiting on client only
        </Checkbox>
        {isDefault(values) && !hasExtraFilters ? null : (
          <Button size="sm" variant="ghost" onPress={() => (onClear ? onClear() : onChange(defaultWorkFilters))}>
            Clear filters
          </Button>
        )}
      </div>
    </div>
  );
}
