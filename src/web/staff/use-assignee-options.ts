import { useMemo } from 'react';
import type { SelectOption } from '../components/Select';
import { useStaffMembers } from '../features/team/api/use-staff-members';

/** Team members a client can be assigned to: everyone not disabled (the pages hand these to client forms). */
export function useAssigneeOptions(): SelectOption[] {
  const staff = useStaffMembers();
  return useMemo(
    () => (staff.data ?? []).filter((m) => m.status !== 'disabled').map((m) => ({ id: m.id, label: m.name, description: m.email })),
    [staff.data],
  );
}
