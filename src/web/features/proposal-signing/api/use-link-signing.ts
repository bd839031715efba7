import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type AcceptProposalBody, signerProposalSchema, signingOtpSentSchema, signingOtpVerifiedSchema, signingSessionReplySchema } from '../../../../contracts/proposals';
import { ApiError, apiRequest, isApiError, setCsrfToken } from '../../../lib/api-client';
import { signingKeys, signingUrl } from './keys';
import type { DeclineBody } from './use-portal-decision';

/** A token is ≥128 random bits in base64url; anything else cannot be a link of ours and is refused without asking. */
const TOKEN = /^[A-Za-z0-9_-]{20,200}$/;

const linkInvalid = () => new ApiError({ status: 404, code: 'LINK_INVALID', title: 'This signing link is not valid any more.' });

/**
 * The e-mailed link's token (read from the fragment and already removed from the address bar) is
 * exchanged once for a 30-minute signing session: an HttpOnly cookie scoped to /api/public/signing
 * and a CSRF token for the decisions. Every unusable link answers the same 404 LINK_INVALID.
 */
export function useOpenSigningLink(token: string | null) {
  return useQuery({
    queryKey: signingKeys.open(token),
    enabled: token !== null,
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
    queryFn: async () => {
      if (!token || !TOKEN.test(token)) throw linkInvalid();
      const session = await apiRequest(signingUrl('open'), { method: 'POST', body: { token }, schema: signingSessionReplySchema, sessionRequired: false });
      // This page load has no portal session: the signing session's CSRF token goes with each decision.
      setCsrfToken(session.csrfToken);
      return session;
    },
  });
}

/** The proposal of this signing session. */
export function useLinkProposal(enabled: boolean) {
  return useQuery({
    queryKey: signingKeys.proposal,
    enabled,
    retry: false,
    refetchOnWindowFocus: false,
    queryFn: ({ signal }) => apiRequest(signingUrl('proposal'), { schema: signerProposalSchema, signal, sessionRequired: false }),
  });
}

/** Accept and sign, or decline, from the link. */
export function useLinkDecision() {
  const queryClient = useQueryClient();
  const settle = {
    onSuccess: (p: unknown) => queryClient.setQueryData(signingKeys.proposal, p),
    onError: (error: unknown) => {
      if (isApiError(error) && error.status === 409) void queryClient.invalidateQueries({ queryKey: signingKeys.proposal });
    },
  };
  const accept = useMutation({
    mutationFn: (body: AcceptProposalBody) => apiRequest(signingUrl('accept'), { method: 'POST', body, schema: signerProposalSchema, sessionRequired: false }),
    ...settle,
  });
  const decline = useMutation({
    mutationFn: (body: DeclineBody) => apiRequest(signingUrl('decline'), { method: 'POST', body, schema: signerProposalSchema, sessionRequired: false }),
    ...settle,
  });
  return { accept, decline };
}

/** The firm asks for an e-mailed one-time code before signing from a link: send one, then enter it. */
export function useSigningOtp() {
  const queryClient = useQueryClient();
  const send = useMutation({
    mutationFn: () => apiRequest(signingUrl('otp'), { method: 'POST', schema: signingOtpSentSchema, sessionRequired: false }),
  });
  const verify = useMutation({
    mutationFn: (code: string) => apiRequest(signingUrl('otp/verify'), { method: 'POST', body: { code }, schema: signingOtpVerifiedSchema, sessionRequired: false }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: signingKeys.proposal }),
  });
  return { send, verify };
}
