import { formatDateTime } from '../../../contracts/format.js';
import type { Config } from '../../config/env.js';
import { portalBaseUrl, staffUrl } from '../../platform/http/urls.js';
import { renderEmail } from '../../platform/mail/template.js';
import { emailBranding, type Firm } from '../firms/index.js';
import type { LinkPurpose, UserKind } from './accounts.repository.js';

/** Where each e-mailed link lands. The token rides in the fragment: never sent to a server, logged or leaked by Referer. */
export function linkUrl(config: Config, firm: Firm, userKind: UserKind, purpose: LinkPurpose, token: string): string {
  if (purpose === 'email_change') {
    return userKind === 'portal' ? `${portalBaseUrl(config, firm.slug)}/confirm-email#token=${token}` : staffUrl(config, `/confirm-email#token=${token}`);
  }
  if (userKind === 'portal') {
    const page = purpose === 'password_reset' ? 'reset-password' : 'register';
    return `${portalBaseUrl(config, firm.slug)}/${page}#token=${token}`;
  }
  return staffUrl(config, `/${purpose === 'password_reset' ? 'reset-password' : 'accept-invitation'}#token=${token}`);
}

export function invitationEmail(config: Config, firm: Firm, input: { userKind: UserKind; name: string; email: string; url: string; expiresAt: Date }) {
  const expires = formatDateTime(input.expiresAt, firm.timeZone);
  if (input.userKind === 'portal') {
    return renderEmail(emailBranding(config, firm), {
      subject: `${firm.displayName} has invited you to their client portal`,
      heading: 'You’re invited to the client portal',
      paragraphs: [
        `Hello ${input.name},`,
        `${firm.displayName} uses a secure client portal to show you the work they are doing for you and what they need from you.`,
        `Create your account with your email address (${input.email}) and a password of your choice.`,
      ],
      button: { label: 'Create your account', url: input.url },
      note: `This link works once and expires at ${expires}. If you weren’t expecting this email, you can ignore it.`,
    });
  }
  return renderEmail(emailBranding(config, firm), {
    subject: `Join ${firm.displayName} on Ledger Loom`,
    heading: `You’ve been invited to ${firm.displayName}’s workspace`,
    paragraphs: [`Hello ${input.name},`, `Set your password to start working in Ledger Loom with the team at ${firm.displayName}.`],
    button: { label: 'Accept invitation', url: input.url },
    note: `This link works once and expires at ${expires}.`,
  });
}

export function resetEmail(config: Config, firm: Firm, input: { name: string; url: string; expiresAt: Date; portal: boolean }) {
  return renderEmail(emailBranding(config, firm), {
    subject: input.portal ? `Reset your ${firm.displayName} portal password` : 'Reset your Ledger Loom password',
    heading: 'Reset your password',
    paragraphs: [`Hello ${input.name},`, 'We received a request to reset your password. Choose a new one with the button below.'],
    button: { label: 'Choose a new password', url: input.url },
    note: `This link works once and expires at ${formatDateTime(input.expiresAt, firm.timeZone)}. If you didn’t ask for this, you can ignore this email — your password has not changed.`,
  });
}

export function passwordChangedEmail(config: Config, firm: Firm, input: { name: string; at: Date; signInUrl: string; keptThisDevice?: boolean }) {
  return renderEmail(emailBranding(config, firm), {
    subject: 'Your password was changed',
    heading: 'Your password was changed',
    paragraphs: [
      `Hello ${input.name},`,
      input.keptThisDevice
        ? `Your password was changed at ${formatDateTime(input.at, firm.timeZone)} from your profile, and every other device that was signed in has been signed out.`
        : `Your password was changed at ${formatDateTime(input.at, firm.timeZone)}, and every device that was signed in has been signed out.`,
      `If you didn’t do this, contact ${firm.displayName} straight away.`,
    ],
    button: { label: 'Sign in', url: input.signInUrl },
  });
}

/** A sign-in from a browser not seen before for this person. Security notice: cannot be turned off. */
export function newSignInEmail(config: Config, firm: Firm, input: { subject: string; name: string; at: Date; browser: string; device: string; ip: string; sessionsUrl: string }) {
  return renderEmail(emailBranding(config, firm), {
    subject: input.subject,
    heading: 'New sign-in to your account',
    paragraphs: [
      `Hello ${input.name},`,
      `Someone signed in to your account at ${formatDateTime(input.at, firm.timeZone)} from a browser that hasn’t signed in to it before: ${input.browser} on ${input.device}, IP address ${input.ip}.`,
      'If it was you, there is nothing to do.',
      `If it wasn’t, change your password now — that signs out every other device — and contact ${firm.displayName}. Your profile shows every place you are signed in.`,
    ],
    button: { label: 'See where you’re signed in', url: input.sessionsUrl },
  });
}

/** The person's profile page (where they are signed in, two-factor, preferences). */
export function profileUrl(config: Config, firm: Firm, kind: UserKind): string {
  return kind === 'staff' ? staffUrl(config, '/profile') : `${portalBaseUrl(config, firm.slug)}/profile`;
}

export type TwoFactorChange = 'enabled' | 'disabled' | 'recovery_codes_replaced' | 'reset_by_firm';

/** Two-factor sign-in changed on the account. Security notice: cannot be turned off. */
export function twoFactorChangedEmail(config: Config, firm: Firm, input: { name: string; at: Date; change: TwoFactorChange; profileUrl: string; by?: string }) {
  const when = formatDateTime(input.at, firm.timeZone);
  const what: Record<TwoFactorChange, { subject: string; line: string }> = {
    enabled: { subject: 'Two-factor sign-in is now on', line: `Two-factor sign-in was turned on for your account at ${when}. Signing in now needs a code from your authenticator app (or a recovery code) after your password.` },
    disabled: { subject: 'Two-factor sign-in was turned off', line: `Two-factor sign-in was turned off for your account at ${when}. Signing in now needs only your password, and remembered devices were forgotten.` },
    recovery_codes_replaced: { subject: 'New two-factor recovery codes', line: `New recovery codes were made for your account at ${when}. The old ones no longer work.` },
    reset_by_firm: { subject: 'Your two-factor sign-in was reset', line: `${input.by ?? firm.displayName} reset two-factor sign-in for your account at ${when}, and every device that was signed in has been signed out. Sign in with your password and set up two-factor sign-in again from your profile.` },
  };
  return renderEmail(emailBranding(config, firm), {
    subject: what[input.change].subject,
    heading: what[input.change].subject,
    paragraphs: [`Hello ${input.name},`, what[input.change].line, `If you didn’t expect this, change your password and contact ${firm.displayName} straight away.`],
    button: { label: 'Open your profile', url: input.profileUrl },
  });
}

/** To the new address: the link that makes the change. */
export function confirmEmailChangeEmail(config: Config, firm: Firm, input: { name: string; newEmail: string; url: string; expiresAt: Date; portal: boolean }) {
  return renderEmail(emailBranding(config, firm), {
    subject: input.portal ? `Confirm your new email address for ${firm.displayName}’s portal` : 'Confirm your new Ledger Loom email address',
    heading: 'Confirm your new email address',
    paragraphs: [`Hello ${input.name},`, `You asked to use ${input.newEmail} for your account. Confirm it with the button below; until then your old address stays in use.`],
    button: { label: 'Confirm this email address', url: input.url },
    note: `This link works once and expires at ${formatDateTime(input.expiresAt, firm.timeZone)}. If you didn’t ask for this, ignore this email.`,
  });
}

/** To the old address: a change was asked for, or has been made. Security notice: cannot be turned off. */
export function emailChangeNoticeEmail(config: Config, firm: Firm, input: { name: string; newEmail: string; at: Date; done: boolean }) {
  const when = formatDateTime(input.at, firm.timeZone);
  return renderEmail(emailBranding(config, firm), {
    subject: input.done ? 'Your email address was changed' : 'A change of your email address was requested',
    heading: input.done ? 'Your email address was changed' : 'Email address change requested',
    paragraphs: [
      `Hello ${input.name},`,
      input.done
        ? `At ${when} the email address of your account was changed to ${input.newEmail}. Emails will now go to that address.`
        : `At ${when} someone signed in to your account asked to change its email address to ${input.newEmail}. Nothing changes until the link sent to that address is used.`,
      `If you didn’t do this, change your password and contact ${firm.displayName} straight away.`,
    ],
  });
}
