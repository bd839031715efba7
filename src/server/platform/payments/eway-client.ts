import { describeEwayCodes } from '../../../contracts/invoices.js';

/**
 * eWay Rapid API v3 over HTTP (shared/domain §1): the Responsive Shared Page flow. This is the code
 * that talks to eWay in production; in development and tests the same code talks to the emulator
 * (eway-emulator.ts) — only the endpoint differs.
 */

export interface CreateSharedRequest {
  Payment: { TotalAmount: number; InvoiceNumber: string; InvoiceDescription: string; InvoiceReference: string; CurrencyCode: 'AUD' };
  Customer?: { Reference?: string; CompanyName?: string; FirstName?: string; LastName?: string; Email?: string };
  RedirectUrl: string;
  CancelUrl: string;
  Method: 'ProcessPayment';
  TransactionType: 'Purchase';
  CustomerReadOnly?: boolean;
  HeaderText?: string;
  Language?: 'EN';
}

export interface CreateSharedResponse {
  AccessCode: string | null;
  SharedPaymentUrl: string | null;
  Errors: string | null;
}

export interface QueryAccessCodeResponse {
  AccessCode: string;
  AuthorisationCode: string | null;
  ResponseCode: string | null;
  ResponseMessage: string | null;
  TransactionID: number | null;
  TransactionStatus: boolean | null;
  TotalAmount: number | null;
  InvoiceNumber: string | null;
  InvoiceReference: string | null;
  Errors: string | null;
}

/** eWay could not be reached, timed out, answered 5xx, or refused our credentials. */
export class EwayUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EwayUnavailableError';
  }
}

export interface EwayClientOptions {
  endpoint: string;
  apiKey: string;
  apiPassword: string;
  timeoutMs?: number;
}

export class EwayClient {
  private readonly auth: string;

  constructor(private readonly opts: EwayClientOptions) {
    this.auth = `Basic ${Buffer.from(`${opts.apiKey}:${opts.apiPassword}`).toString('base64')}`;
  }

  createAccessCodeShared(body: CreateSharedRequest): Promise<CreateSharedResponse> {
    return this.call<CreateSharedResponse>('POST', 'AccessCodesShared', body);
  }

  queryAccessCode(accessCode: string): Promise<QueryAccessCodeResponse> {
    return this.call<QueryAccessCodeResponse>('GET', `AccessCode/${encodeURIComponent(accessCode)}`);
  }

  private async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    // Access codes are bearer-like: errors (and so logs) name only their first characters.
    const shown = path.replace(/(AccessCode\/)([^/?]{6})[^/?]*/, '$1$2…');
    let res: Response;
    try {
      res = await fetch(new URL(path, this.opts.endpoint), {
        method,
        headers: { authorization: this.auth, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 20_000),
      });
    } catch (err) {
      throw new EwayUnavailableError(`eWay ${method} ${shown} did not answer`, { cause: err });
    }
    if (res.status >= 500 || res.status === 401 || res.status === 403) {
      throw new EwayUnavailableError(`eWay ${method} ${shown} answered ${res.status}`);
    }
    try {
      return (await res.json()) as T;
    } catch (err) {
      throw new EwayUnavailableError(`eWay ${method} ${shown} sent no JSON (${res.status})`, { cause: err });
    }
  }
}

/** eWay's "Errors" / "ResponseMessage": comma-separated codes. */
export const codesOf = (s: string | null | undefined): string[] => (s ?? '').split(',').map((c) => c.trim()).filter(Boolean);

/** "D4405 Do Not Honour" for each code. */
export const describeCodes = describeEwayCodes;
