import type { ReactNode } from 'react';
import { Link } from 'react-router';
import './legal.css';

/**
 * Ledger Loom's Privacy Policy and Security page, shown on every firm's portal (/privacy, /security)
 * and in the staff app's public area (/app/privacy, /app/security). Every sentence must be true of
 * the product: docs/security.md, docs/documents.md, docs/messages.md and docs/operations.md are the
 * sources. Facts that depend on how Ledger Loom is deployed are stated as facts of the hosted service.
 */

export const LEGAL_LAST_UPDATED = { iso: '2026-12-04', shown: '04/12/2026' };
export const SUPPORT_EMAIL = 'hello@ledgerloom.com.au';

export interface LegalPageProps {
  /** The firm's name on its portal; "your accounting firm" elsewhere. */
  firmName?: string;
  /** Router paths of the two pages (relative to the router's basename). */
  privacyPath: string;
  securityPath: string;
}

function LastUpdated() {
  return (
    <p className="legal-updated">
      Last updated: <time dateTime={LEGAL_LAST_UPDATED.iso}>{LEGAL_LAST_UPDATED.shown}</time>
    </p>
  );
}

function Mail() {
  return <a href={`mailto:${SUPPORT_EMAIL}`}>{SUPPORT_EMAIL}</a>;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="legal-section">
      <h2>{title}</h2>
      {children}
    </section>
  );
}

export function PrivacyPolicy({ firmName, securityPath }: LegalPageProps) {
  const firm = firmName ?? 'your accounting firm';
  const Firm = firmName ?? 'Your accounting firm';
  return (
    <article className="legal-article" aria-labelledby="legal-title">
      <h1 id="legal-title">Privacy Policy</h1>
      <LastUpdated />
      <p className="legal-lead">
        This policy explains how Ledger Loom handles personal information in the client portal and the
        practice workspace that accounting firms use to work with their clients.
      </p>

      <Section title="Who is responsible for your information">
        <p>
          {Firm} is your accountant. It decides what information it asks you for and what it uses it for,
          and it is responsible for your information under the Privacy Act 1988 (it is the controller).
          Its own privacy policy also applies.
        </p>
        <p>
          Ledger Loom provides the software your firm uses. We handle your information only on your firm's
          behalf and on its instructions (we are its processor), and we handle it in line with the
          Australian Privacy Principles (APPs).
        </p>
      </Section>

      <Section title="What we collect">
        <ul>
          <li>
            <strong>Your account:</strong> your name, email address and, if you add one, your phone number.
            Your password is stored only as a one-way hash (argon2id), so nobody can read it.
          </li>
          <li>
            <strong>Your firm's work for you:</strong> the client details your firm keeps (such as your
            business name and ABN), services and tasks, the questions your firm asks and your answers, and
            service requests.
          </li>
          <li>
            <strong>Documents and messages:</strong> the files you upload, the files your firm shares with
            you, and the messages between you and your firm.
          </li>
          <li>
            <strong>Invoices, payments and proposals:</strong> invoices, the payments recorded against them
            (amount, date and the payment gateway's reference — never your card number), and for a proposal
            you sign, your typed name, your signature, the time, your IP address and your browser.
          </li>
          <li>
            <strong>Security records:</strong> your sign-in sessions (with IP address and browser) and an
            audit log of actions such as signing in, downloading a document and changing your profile.
          </li>
          <li>
            <strong>Emails:</strong> a record of the notices sent to you and whether they were delivered.
          </li>
        </ul>
        <p>
          The portal uses only the cookies that keep your session working. It has no advertising or
          analytics trackers.
        </p>
        <h3>Tax file numbers</h3>
        <p>
          The portal has no tax file number (TFN) field. If your firm asks for your TFN, give it through the
          portal — in a message or a document, which are both stored encrypted — rather than by ordinary
          email. Under the Privacy (Tax File Number) Rule 2015, your firm must tell you the law that allows
          it to collect your TFN and why it needs it. Declining to quote your TFN is not an offence.
        </p>
      </Section>

      <Section title="Why we use it">
        <p>
          We use your information only to run the portal and workspace for {firm}: to let you sign in, show
          you your work, deliver documents and messages, send you notices, take payments and keep the
          records that protect your account. We don't sell your information, use it for advertising or
          send you marketing.
        </p>
      </Section>

      <Section title="Who can see it">
        <ul>
          <li>
            <strong>You</strong>, and anyone else your firm has given portal access for the same client
            (for example, a fellow director).
          </li>
          <li>
            <strong>{Firm}'s staff.</strong> A document your firm keeps for itself is not shown in the
            portal until the firm shares it.
          </li>
          <li>
            <strong>No other client or firm.</strong> Every firm's data is kept apart, and the database
            itself enforces it.
          </li>
          <li>
            <strong>Ledger Loom staff</strong> have no account in your portal or your firm's workspace.
            The product has no support log-in, so we can't browse your information through it.
          </li>
        </ul>
        <p>The service relies on these providers:</p>
        <ul>
          <li>Microsoft Azure, which hosts Ledger Loom's hosted service in Australia;</li>
          <li>
            an email delivery service for notices — emails say only that something is waiting for you and
            never contain message text or the names of documents;
          </li>
          <li>eWay, the payment gateway, when you pay an invoice by card.</li>
        </ul>
        <p>We disclose information to anyone else only if the law requires us to.</p>
      </Section>

      <Section title="Where it's stored">
        <p>
          Ledger Loom's hosted service stores data in Microsoft Azure's Australia East region (New South
          Wales), so your information stays in Australia. If {firm} runs Ledger Loom on its own servers
          instead, the firm chooses where it's stored — ask the firm.
        </p>
      </Section>

      <Section title="How we protect it">
        <p>
          Documents and message text are encrypted with AES-256-GCM under a key that belongs to your firm
          alone, connections are encrypted in transit, and the database keeps each firm's data apart. See
          our <Link to={securityPath}>Security page</Link> for the details.
        </p>
      </Section>

      <Section title="How long we keep it">
        <ul>
          <li>
            When your firm deletes a document, it disappears for everyone at once, and its encrypted file is
            destroyed after a retention period (30 days in the standard set-up). A record that the document
            existed stays in the audit log.
          </li>
          <li>
            Everything else — your details, messages, invoices, proposals and tasks — is kept while your
            firm keeps you as a client in Ledger Loom. Accountants must keep many records for years under tax
            law, so ask your firm how long it keeps yours.
          </li>
          <li>
            The audit log cannot be changed or deleted, so it can always show who did what.
          </li>
        </ul>
        <p>
          Ledger Loom has no self-service way yet to delete a whole client record. Your firm can contact us
          at <Mail /> about deleting or de-identifying information it no longer needs.
        </p>
      </Section>

      <Section title="Seeing and correcting your information">
        <p>
          You can see your documents, messages, invoices and proposals in the portal at any time. To
          update your name or phone number, or to change your email address or password, use the{' '}
          <strong>Profile</strong> page after you sign in.
        </p>
        <p>
          For anything else — a copy of the information {firm} holds about you, or a correction — ask your
          firm, through the portal's Messages or its usual contact details. If you ask us instead, we'll
          pass your request to your firm.
        </p>
      </Section>

      <Section title="Data breaches">
        <p>
          If we find a breach that affects your information, we will tell your firm promptly and help it
          work out what happened and who is affected; the audit log records who opened which documents,
          and when.
        </p>
        <p>
          Under the Notifiable Data Breaches scheme in the Privacy Act 1988, a suspected breach must be
          assessed within 30 days. If it is likely to cause serious harm, you and the Office of the
          Australian Information Commissioner (OAIC) must be told, along with the steps you should take.
          The scheme also covers tax file numbers held by accountants, whatever the firm's size.
        </p>
      </Section>

      <Section title="Card payments">
        <p>
          When you pay an invoice by card, you type your card details into eWay's secure payment page, not
          into the portal. Your card details never reach Ledger Loom's servers or pages, and Ledger Loom
          never stores them; we keep only the result of the payment and eWay's reference for it.
        </p>
      </Section>

      <Section title="Questions and complaints">
        <p>
          For questions about your accounting work, or about how {firm} uses your information, contact your
          firm. For questions about this policy or how Ledger Loom handles your information, email us at{' '}
          <Mail />. If you're not satisfied with the answer, you can complain to the OAIC at{' '}
          <a href="https://www.oaic.gov.au/" rel="noreferrer">
            oaic.gov.au
          </a>
          .
        </p>
      </Section>
    </article>
  );
}

export function SecurityPage({ firmName, privacyPath }: LegalPageProps) {
  const firm = firmName ?? 'your accounting firm';
  return (
    <article className="legal-article" aria-labelledby="legal-title">
      <h1 id="legal-title">Security</h1>
      <LastUpdated />
      <p className="legal-lead">
        How Ledger Loom protects the information you share with {firm}. How we collect and use it is in
        our <Link to={privacyPath}>Privacy Policy</Link>.
      </p>

      <Section title="Encryption of documents and messages">
        <ul>
          <li>
            Every document and every message's text is encrypted with AES-256-GCM before it is stored, under
            a random 256-bit key that belongs to your firm alone. Firm keys are themselves stored only in
            encrypted form, wrapped by a master key.
          </li>
          <li>
            Files are encrypted in small pieces as they arrive, so a file is never stored unencrypted, even
            for a moment. Any change to a stored file — a flipped bit, a missing or moved piece — is
            detected, and every download is checked against the file's fingerprint (SHA-256).
          </li>
          <li>
            Message subjects and document names are kept as ordinary records (not sealed this way), so that
            they can be listed and searched.
          </li>
        </ul>
      </Section>

      <Section title="Other stored information">
        <p>
          Your details, tasks, invoices and the other records are kept in a PostgreSQL database, protected
          by tenant isolation and access controls. In Ledger Loom's hosted service everything stored — the
          database, its backups and the file storage — is also encrypted at rest with AES-256 by Microsoft
          Azure's storage encryption, so all stored data is encrypted with AES-256; documents and message
          text are encrypted a second time by Ledger Loom under your firm's own key, as above. A firm that
          runs Ledger Loom on its own servers must turn on encryption at rest for its database and disks
          to have the same protection.
        </p>
      </Section>

      <Section title="Encryption in transit">
        <p>
          In production, Ledger Loom only runs at an https address and tells browsers to use HTTPS only
          (HSTS). TLS is provided by the load balancer in front of the application; in Ledger Loom's hosted
          service, connections use TLS 1.2 or later.
        </p>
      </Section>

      <Section title="Strict tenant isolation">
        <ul>
          <li>
            Every record belongs to one firm, and client records to one client. The portal only ever shows
            the signed-in person's own client's records; which firm and client come from your session,
            never from the address.
          </li>
          <li>
            As a second line of defence, the database enforces row-level security: even if a request asked
            for another firm's data, the database would not return it.
          </li>
          <li>
            Asking for another client's document or invoice gets the same answer as asking for one that
            doesn't exist.
          </li>
        </ul>
      </Section>

      <Section title="Australian data residency">
        <p>
          Ledger Loom's hosted service stores data in Microsoft Azure's Australia East region. A firm that
          runs Ledger Loom on its own servers chooses where its data is stored.
        </p>
      </Section>

      <Section title="Signing in">
        <ul>
          <li>
            Passwords are 8 to 128 characters, common passwords are refused, and passwords are stored only
            as argon2id hashes.
          </li>
          <li>
            Repeated wrong passwords are slowed down: after 10 attempts in 15 minutes, an account has to
            wait before trying again.
          </li>
          <li>
            You are signed out after 30 minutes without activity, and after 12 hours in any case. Session
            cookies can't be read by scripts on the page and, over HTTPS, are sent only over HTTPS.
          </li>
          <li>
            Invitation and password-reset links are single use and expire (7 days and 1 hour). Changing your
            password signs you out everywhere else, and you are emailed about it.
          </li>
          <li>
            You can turn on two-factor sign-in under Profile: after your password, a 6-digit code from an
            authenticator app (or one of 10 single-use recovery codes) is asked for. Your firm can require
            it for its staff and for its clients.
          </li>
        </ul>
      </Section>

      <Section title="Files">
        <ul>
          <li>
            A file's type is worked out from its contents, not its name, and only document, spreadsheet,
            image and text files (and ZIP archives, if your firm allows them) are accepted. Web pages,
            scripts and programs are refused.
          </li>
          <li>
            Downloads are always delivered as files to save, and previews are shown in a way that can't run
            code in the portal.
          </li>
          <li>Where a virus scanner is configured, every upload is checked before it is stored.</li>
        </ul>
      </Section>

      <Section title="Emails, payments and records">
        <ul>
          <li>
            Emails never contain message text or document names: email is not a secure channel for your
            information, so they only tell you something is waiting in the portal.
          </li>
          <li>
            Card payments are made on eWay's secure payment page. Card details never reach Ledger Loom and
            are never stored by us.
          </li>
          <li>
            An audit log records sign-ins, downloads, previews and changes, with the time and IP address. It
            is append-only and chained, so entries cannot be quietly altered or removed.
          </li>
          <li>
            Pages are protected by a strict Content Security Policy and cannot be shown inside another
            website.
          </li>
        </ul>
      </Section>

      <Section title="Reporting a security problem">
        <p>
          If you think your account has been misused, tell {firm} and change your password on your Profile
          page. To report a security problem with Ledger Loom itself, email <Mail />.
        </p>
      </Section>
    </article>
  );
}
