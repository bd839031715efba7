import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import type { AcceptProposalBody, SignerProposal } from '../../../../contracts/proposals';
import { Alert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { Checkbox } from '../../../components/Checkbox';
import { SignaturePad } from '../../../components/SignaturePad';
import { TextField } from '../../../components/TextField';
import { isApiError } from '../../../lib/api-client';
import { formatDateAndTime } from '../../../lib/format';
import type { DeclineBody } from '../api/use-portal-decision';
import { DeclineProposalDialog } from './DeclineProposalDialog';
import { ProposalDocument } from './ProposalDocument';
import { decisionError } from './decision-error';

/** A mutation as this view uses it (TanStack Query's result fits). */
export interface Decision<B> {
  mutate: (body: B, options?: { onSuccess?: () => void }) => void;
  isPending: boolean;
  error: unknown;
  reset: () => void;
}

export interface SigningViewProps {
  proposal: SignerProposal;
  accept: Decision<AcceptProposalBody>;
  decline: Decision<DeclineBody>;
  timeZone: string;
  logoUrl?: string | null | undefined;
  /** Once everyone has signed: where the signed PDF is (the portal's Documents); from a link, nothing. */
  signedPdfLink?: ReactNode;
}

interface SignErrors {
  consent?: string;
  fullName?: string;
  signature?: string;
}

/**
 * The signing view shared by the portal and the e-mailed link: the whole proposal, then consent,
 * full name, signature and Accept and sign — or Decline with an optional reason. After a decision
 * it says what happened and what comes next.
 */
export function SigningView({ proposal, accept, decline, timeZone, logoUrl, signedPdfLink }: SigningViewProps) {
  const id = useId();
  const firm = proposal.firmName;
  const fixedChoice = proposal.chosenOptionalItemIds;
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(fixedChoice ?? []));
  const [consent, setConsent] = useState(false);
  const [fullName, setFullName] = useState(proposal.me?.name ?? '');
  const [signature, setSignature] = useState<string | null>(null);
  const [errors, setErrors] = useState<SignErrors>({});
  const [declining, setDeclining] = useState(false);
  const outcomeRef = useRef<HTMLDivElement>(null);
  const decided = proposal.me?.status ?? 'pending';
  const [justDecided, setJustDecided] = useState(false);

  // Another signer's choice (once they signed) is the one everyone signs.
  useEffect(() => {
    if (fixedChoice) setChosen(new Set(fixedChoice));
  }, [fixedChoice]);

  useEffect(() => {
    if (justDecided) outcomeRef.current?.focus();
  }, [justDecided, decided]);

  const serverError = decisionError(accept.error, firm);
  const signatureProblem = isApiError(accept.error) && accept.error.status === 422 ? serverError : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (accept.isPending) return;
    const next: SignErrors = {};
    if (!consent) next.consent = 'Tick the box to agree to sign electronically.';
    if (fullName.trim() === '') next.fullName = 'Type your full name.';
    if (!signature) next.signature = 'Add your signature: draw it in the box, or choose “Type it”.';
    setErrors(next);
    if (Object.keys(next).length > 0) {
      document.getElementById(`${id}-${Object.keys(next)[0]}`)?.querySelector<HTMLElement>('input, canvas')?.focus();
      return;
    }
    accept.mutate(
      {
        consent: true,
        fullName: fullName.trim(),
        signature: signature ?? '',
        chosenOptionalItemIds: proposal.content.items.filter((i) => i.optional && chosen.has(i.id)).map((i) => i.id),
        proposalVersion: proposal.proposalVersion,
      },
      { onSuccess: () => setJustDecided(true) },
    );
  };

  const toggle = (itemId: string, on: boolean) =>
    setChosen((prev) => {
      const next = new Set(prev);
      if (on) next.add(itemId);
      else next.delete(itemId);
      return next;
    });

  const others = proposal.signers.filter((s) => s.name !== proposal.me?.name);
  const waitingFor = proposal.signers.filter((s) => s.status === 'pending').map((s) => s.name);

  return (
    <div className="stack-lg signing-view">
      <div ref={outcomeRef} tabIndex={-1} className="signing-outcome">
        {decided === 'signed' ? (
          <Alert tone="success" title={proposal.status === 'accepted' ? 'Signed — the proposal is accepted' : 'Thank you — you have signed'}>
            <p>
              You signed this proposal{proposal.me?.signedAt ? ` on ${formatDateAndTime(proposal.me.signedAt, timeZone)}` : ''}.
            </p>
            {proposal.status === 'accepted' ? (
              <p>
                Everyone has signed. {firm} will be in touch to start the work, and the signed PDF with its certificate of completion is sent to every signer.
                {signedPdfLink ? <> {signedPdfLink}</> : null}
              </p>
            ) : waitingFor.length > 0 ? (
              <p>
                Still to sign: {waitingFor.join(', ')}. You will get the signed PDF by e-mail when everyone has signed.
              </p>
            ) : null}
          </Alert>
        ) : decided === 'declined' ? (
          <Alert tone="info" title="You declined this proposal">
            <p>
              {firm} has been told{proposal.me?.declinedAt ? ` (${formatDateAndTime(proposal.me.declinedAt, timeZone)})` : ''}. If you change your mind, or would like something different, contact {firm}.
            </p>
          </Alert>
        ) : !proposal.canSign ? (
          <Alert tone="info" title={closedTitle(proposal)}>
            <p>{closedMessage(proposal)}</p>
          </Alert>
        ) : null}
      </div>

      <ProposalDocument
        content={proposal.content}
        chosen={chosen}
        onToggle={proposal.canSign && !fixedChoice ? toggle : undefined}
        choiceKnown={fixedChoice !== null}
        choiceNote={proposal.canSign && fixedChoice && others.length > 0 ? 'The optional items were chosen by the first person to sign; every signer signs the same choice.' : undefined}
        logoUrl={logoUrl}
      />

      {proposal.canSign ? (
        <section aria-labelledby={`${id}-sign-title`} className="card signing-form-card">
          <h2 id={`${id}-sign-title`} className="card-title">
            Accept and sign
          </h2>
          <form className="form signing-form" noValidate onSubmit={submit}>
            {serverError && !signatureProblem ? (
              <Alert tone="error" title="Your signature was not recorded">
                {serverError}
              </Alert>
            ) : null}
            <div id={`${id}-consent`}>
              <Checkbox
                isSelected={consent}
                onChange={(on) => {
                  setConsent(on);
                  if (on) setErrors(({ consent: _done, ...rest }) => rest);
                }}
                isInvalid={Boolean(errors.consent)} isDisabled={accept.isPending}>
                {proposal.consentText}
              </Checkbox>
              {errors.consent ? <p className="field-error">{errors.consent}</p> : null}
            </div>
            <div id={`${id}-fullName`}>
              <TextField
                label="Your full name"
                value={fullName}
                onChange={(v) => {
                  setFullName(v);
                  if (v.trim() !== '') setErrors(({ fullName: _done, ...rest }) => rest);
                }}
                autoComplete="name"
                isRequired
                maxLength={200}
                isReadOnly={accept.isPending}
                error={errors.fullName}
              />
            </div>
            <div id={`${id}-signature`}>
              <SignaturePad label="Your signature" suggestedName={fullName}
                onChange={(png) => {
                  setSignature(png);
                  if (png) setErrors(({ signature: _done, ...rest }) => rest);
                }} error={errors.signature ?? signatureProblem} isDisabled={accept.isPending} />
            </div>
            <p className="signing-intent">{proposal.intentText}</p>
            <div className="form-actions signing-actions">
              <Button type="submit" variant="primary" isPending={accept.isPending}>
                Accept and sign
              </Button>
              <Button variant="secondary" onPress={() => setDeclining(true)} isDisabled={accept.isPending}>
                Decline
              </Button>
            </div>
          </form>
          <DeclineProposalDialog
            isOpen={declining}
            onOpenChange={setDeclining}
            firmName={firm}
            title={proposal.content.title}
            decline={decline}
            proposalVersion={proposal.proposalVersion}
            onDeclined={() => setJustDecided(true)}
          />
        </section>
      ) : null}
    </div>
  );
}

function closedTitle(p: SignerProposal): string {
  switch (p.status) {
    case 'accepted':
      return 'This proposal has been accepted';
    case 'declined':
      return 'This proposal was declined';
    case 'withdrawn':
      return 'This proposal was withdrawn';
    case 'expired':
      return 'This proposal has expired';
    default:
      return p.me ? 'This proposal can’t be signed right now' : 'You can read this proposal';
  }
}

function closedMessage(p: SignerProposal): string {
  const firm = p.firmName;
  switch (p.status) {
    case 'accepted':
      return 'Everyone asked to sign it has signed.';
    case 'declined':
      return `It can no longer be signed. Contact ${firm} if you would like a new proposal.`;
    case 'withdrawn':
      return `${firm} withdrew it, so it can no longer be signed. They will send a new one if anything changed.`;
    case 'expired':
      return `It was open until the date shown below. Ask ${firm} for a new one if you would still like to go ahead.`;
    default:
      return p.me
        ? `${firm} is changing it. You will get the new version to sign.`
        : `Only the people ${firm} asked can sign it: ${p.signers.map((s) => s.name).join(', ')}.`;
  }
}
