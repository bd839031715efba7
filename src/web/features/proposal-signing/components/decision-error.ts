import { isApiError } from '../../../lib/api-client';

/**
 * What went wrong with Accept and sign or Decline, in words a person can act on. The server's
 * sentences already say what to do (a newer version, withdrawn, already signed, another signer's
 * choice, what is wrong with the signature image); the rest get a plain fallback.
 */
export function decisionError(error: unknown, firmName: string): string | undefined {
  if (!error) return undefined;
  if (!isApiError(error)) return 'Something went wrong. Try again in a moment.';
  if (error.status === 404) return `This proposal can no longer be found. Ask ${firmName} to send it again.`;
  if (error.status === 401 || error.code === 'CSRF') return 'Your signing session has ended (it lasts 30 minutes). Open the link in your e-mail again to sign.';
  if (error.status === 422) return `Your signature could not be used: ${error.userMessage} Clear it and sign again, or choose “Type it”.`;
  if (error.status === 409) return `${error.userMessage} The proposal below has been refreshed.`;
  if (error.status === 400 && error.errors.length > 0) return `${error.userMessage} ${error.errors.map((e) => e.message).join('; ')}.`;
  return error.userMessage;
}
