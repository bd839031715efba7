import { formatCalendarDate } from '../../../lib/format';
import { Alert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { errorMessage } from '../../../lib/api-client';
import { useRecurringPlans, useSetPlanActive } from '../api/use-recurring-plans';

const FREQUENCY: Record<'monthly' | 'quarterly' | 'annually', string> = { monthly: 'Monthly', quarterly: 'Quarterly', annually: 'Yearly' };

/** The client's recurring services with Stop / Resume; nothing is shown when there are none. */
export function RecurringPlansList({ clientId }: { clientId: string }) {
  const plans = useRecurringPlans(clientId);
  const setActive = useSetPlanActive(clientId);
  if (!plans.data || plans.data.length === 0) return null;
  return (
    <section className="card-body recurring-plans" aria-labelledby={`recurring-${clientId}`}>
      <h3 id={`recurring-${clientId}`}>Repeats automatically</h3>
      {setActive.isError ? <Alert tone="error" title="That change was not made">{errorMessage(setActive.error)}</Alert> : null}
      <ul className="recurring-plan-list">
        {plans.data.map((plan) => (
          <li key={plan.id} className="recurring-plan">
            <span>
              <strong>{plan.templateName}</strong> · {FREQUENCY[plan.frequency]} ·{' '}
              {plan.active ? `next period from ${formatCalendarDate(plan.nextPeriodStart)}` : 'stopped'}
            </span>
            <Button
              size="sm"
              variant={plan.active ? 'secondary' : 'primary'}
              isPending={setActive.isPending && setActive.variables?.planId === plan.id}
              onPress={() => setActive.mutate({ planId: plan.id, active: !plan.active })}
              aria-label={`${plan.active ? 'Stop' : 'Resume'} ${plan.templateName} repeating`}
            >
              {plan.active ? 'Stop repeating' : 'Resume'}
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}
