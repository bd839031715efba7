import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { type PaymentReturn, readPaymentReturn, withoutPaymentReturn } from './invoice-words';

/** How long the page waits for the bank to confirm a payment before saying so. */
export const CONFIRM_TIMEOUT_MS = 60_000;

export interface PaymentReturnState {
  /** What the payment page sent the browser back with, read once when the page opened. */
  returned: PaymentReturn | null;
  /** The payment page said paid or pending, and less than a minute has passed: keep fetching the invoice until it reads Paid. */
  waiting: boolean;
  /** It said paid or pending, and a minute has passed. */
  timedOut: boolean;
}

/**
 * Reads `?payment=…&reason=…` once, then takes them out of the address bar (a reload or a copied
 * link must not repeat the banner). The page arrives here by a full load from the payment page,
 * so every query starts empty and nothing cached needs invalidating.
 */
export function usePaymentReturn(): PaymentReturnState {
  const [params, setParams] = useSearchParams();
  const [returned] = useState(() => readPaymentReturn(params));
  const [timedOut, setTimedOut] = useState(false);

  useEffect(() => {
    if (params.has('payment') || params.has('reason')) setParams(withoutPaymentReturn(params), { replace: true, preventScrollReset: true });
  }, [params, setParams]);

  const expectsPayment = returned?.outcome === 'paid' || returned?.outcome === 'pending';
  useEffect(() => {
    if (!expectsPayment) return;
    const timer = setTimeout(() => setTimedOut(true), CONFIRM_TIMEOUT_MS);
    return () => clearTimeout(timer);
  }, [expectsPayment]);

  return { returned, waiting: expectsPayment && !timedOut, timedOut: expectsPayment && timedOut };
}
