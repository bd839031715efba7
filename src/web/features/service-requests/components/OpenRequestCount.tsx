import { useOpenRequestCount } from '../api/use-open-request-count';
import './service-requests.css';

/** The number beside "Requests" in the menu: requests waiting for a decision. Screen readers hear "Requests (2 open)"; nothing shows when none. */
export function OpenRequestCount() {
  const open = useOpenRequestCount();
  const n = open.data ?? 0;
  if (n === 0) return null;
  return (
    <>
      <span className="request-count" aria-hidden="true">
        {n > 99 ? '99+' : n}
      </span>
      <span className="visually-hidden"> ({n} open)</span>
    </>
  );
}
