import { useEffect, useState } from 'react';
import type { InvoiceSummary } from '../../../../contracts/invoices';
import { Alert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { errorMessage } from '../../../lib/api-client';
import { usePayInvoice } from '../api/use-pay-invoice';

export interface PayNowButtonProps {
  slug: string;
  invoice: Pick<InvoiceSummary, 'id' | 'number'>;
  /** In a list, the invoice number is added for screen readers ("Pay Now INV-000042"). */
  nameInvoice?: boolean;
  isDisabled?: boolean;
  size?: 'sm' | 'md';
}

/**
 * Pay Now: starts a card payment and sends the browser to the secure payment page. The button stays
 * pending from the press until the page is gone, so a second press cannot start a second payment.
 */
export function PayNowButton({ slug, invoice, nameInvoice = false, isDisabled = false, size = 'md' }: PayNowButtonProps) {
  const pay = usePayInvoice(slug);
  const [leaving, setLeaving] = useState(false);
  const { reset } = pay;

  // Coming Back from the payment page may restore this page from the back/forward cache, still "leaving".
  useEffect(() => {
    const onShow = (event: PageTransitionEvent) => {
      if (!event.persisted) return;
      setLeaving(false);
      reset();
    };
    window.addEventListener('pageshow', onShow);
    return () => window.removeEventListener('pageshow', onShow);
  }, [reset]);

  const busy = pay.isPending || leaving;
  const start = () => {
    if (busy) return;
    pay.mutate(invoice.id, {
      onSuccess: (url) => {
        setLeaving(true);
        window.location.assign(url);
      },
    });
  };

  return (
    <div className="pay-now">
      <Button variant="primary" size={size} onPress={start} isPending={busy} isDisabled={isDisabled}>
        Pay Now
        {nameInvoice && invoice.number ? <span className="visually-hidden"> {invoice.number}</span> : null}
      </Button>
      <span role="status" className="pay-now-status">
        {busy ? 'Opening the secure payment page…' : ''}
      </span>
      {pay.isError ? (
        <Alert tone="error" title="Payment not started" className="pay-now-error">
          {errorMessage(pay.error)}
        </Alert>
      ) : null}
    </div>
  );
}
