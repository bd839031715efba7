import { Alert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import type { PaymentReturnState } from './use-payment-return';

export const SUPPORT_EMAIL = 'hello@ledgerloom.com.au';

/**
 * What happened on the payment page, in plain words. Success is claimed only when the invoice itself
 * reads Paid; until then (or for "pending") the client is told the bank is still confirming.
 */
export function PaymentOutcomeBanner({ payment, isPaid, onCheckAgain }: { payment: PaymentReturnState; isPaid: boolean; onCheckAgain: () => void }) {
  const { returned } = payment;
  if (!returned) return null;
  const { outcome, message } = returned;

  if (outcome === 'paid' || outcome === 'pending') {
    if (isPaid) {
      return <Alert tone="success" title="Payment received — thank you.">A receipt is on its way to your email.</Alert>;
    }
    if (payment.timedOut) {
      return (
        <Alert
          tone="warning"
          title="The bank hasn't confirmed your payment yet"
          actions={
            <Button size="sm" onPress={onCheckAgain}>
              Check again
            </Button>
          }
        >
          If your card was charged, this invoice will show Paid as soon as the bank confirms, and you'll receive a receipt by
          email — check back in a few minutes. If you didn't finish paying, you can use Pay Now.
        </Alert>
      );
    }
    return (
      <Alert tone="info" title="We're confirming your payment with the bank…">
        This usually takes a few seconds. Please stay on this page.
      </Alert>
    );
  }

  // An address can carry any outcome; once the invoice itself reads Paid, a stale failure is not news.
  if (isPaid) return null;

  if (outcome === 'declined') {
    // The server's words name the bank's reason ("Your card was declined (05 Do Not Honour). Nothing was charged. …").
    return (
      <Alert tone="error" title="Payment declined">
        {message ?? 'Your card was declined. Nothing was charged. You can try again with Pay Now, or use another card.'}
      </Alert>
    );
  }

  if (outcome === 'cancelled') {
    return (
      <Alert tone="info" title="Payment cancelled">
        You left the payment page before paying, so nothing was charged. Pay Now is here whenever you're ready.
      </Alert>
    );
  }

  return (
    <Alert tone="error" title="We couldn't take your payment">
      <p>{message ?? 'The payment could not be completed. Try Pay Now again in a few minutes.'}</p>
      <p>
        If it keeps happening, contact Ledger Loom support at <a href={`mailto:${SUPPORT_EMAIL}`}>{SUPPORT_EMAIL}</a>.
      </p>
    </Alert>
  );
}
