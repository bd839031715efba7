import { and, eq } from 'drizzle-orm';
import type { VerificationResult } from '../../../contracts/proposals.js';
import type { Tx } from '../../db/client.js';
import { clients, proposals, proposalVersions } from '../../db/schema/index.js';
import { sha256Hex } from '../../platform/crypto/tokens.js';
import { brokenAt, listEvents } from './evidence.js';

/** The verification code printed on every page of a signed PDF (the file's text is not compressed). */
export function codeInPdf(bytes: Buffer): string | null {
  return /[Vv]erification code:? ([0-9A-HJKMNP-TV-Z]{10})/.exec(bytes.toString('latin1'))?.[1] ?? null;
}

/**
 * Checks a PDF against the records: its SHA-256 is looked up among signed PDFs (and PDFs as sent);
 * found, the proposal's evidence chain is recomputed and must be intact and must name this very
 * hash in its `completed` event → "intact". Not found but carrying a known verification code →
 * "altered" (the file was changed after signing). Neither → "unknown". `firmId` scopes the look-up
 * (staff: their own firm); the command-line tool passes null and runs as the database owner.
 */
export async function verifyPdf(tx: Tx, firmId: string | null, bytes: Buffer): Promise<VerificationResult> {
  const sha256 = sha256Hex(bytes);
  const scope = (c: ReturnType<typeof eq>) => (firmId ? and(eq(proposals.firmId, firmId), c) : c);
  const select = () => tx.select({ p: proposals, clientName: clients.name }).from(proposals).innerJoin(clients, eq(clients.id, proposals.clientId));
  let [found] = await select().where(scope(eq(proposals.signedPdfSha256, sha256)));
  let asSent: number | null = null;
  if (!found) {
    const [v] = await tx.select({ proposalId: proposalVersions.proposalId, version: proposalVersions.version }).from(proposalVersions)
      .where(firmId ? and(eq(proposalVersions.firmId, firmId), eq(proposalVersions.documentSha256, sha256)) : eq(proposalVersions.documentSha256, sha256));
    if (v) {
      [found] = await select().where(scope(eq(proposals.id, v.proposalId)));
      asSent = v.version;
    }
  }
  const code = codeInPdf(bytes);
  if (!found && code) {
    const [byCode] = await select().where(scope(eq(proposals.verificationCode, code)));
    if (byCode) {
      return {
        result: 'altered', sha256, chainIntact: null,
        message: `ALTERED: this file carries verification code ${code} of “${byCode.p.title}”, but its SHA-256 is not the one recorded when it was signed. It has been changed since.`,
        proposal: { id: byCode.p.id, title: byCode.p.title, clientName: byCode.clientName, verificationCode: code, completedAt: byCode.p.acceptedAt?.toISOString() ?? null },
      };
    }
  }
  if (!found) return { result: 'unknown', sha256, chainIntact: null, proposal: null, message: 'UNKNOWN: no signed proposal has this file’s SHA-256, and it carries no verification code we know.' };
  const { p, clientName } = found;
  const events = await listEvents(tx, { firmId: p.firmId, proposalId: p.id });
  const broken = brokenAt(events);
  const completed = events.filter((e) => e.kind === 'completed').at(-1);
  const chainIntact = broken === null && (asSent !== null || completed?.data.signedPdfSha256 === sha256);
  const proposal = { id: p.id, title: p.title, clientName, verificationCode: p.verificationCode ?? '', completedAt: completed?.at.toISOString() ?? null };
  if (!chainIntact) return { result: 'altered', sha256, chainIntact: false, proposal, message: `ALTERED: the file matches “${p.title}”, but its evidence trail does not verify${broken !== null ? ` (from event ${broken})` : ''}. The records have been changed.` };
  return {
    result: 'intact', sha256, chainIntact: true, proposal,
    message: asSent !== null
      ? `INTACT: this is “${p.title}” version ${asSent} exactly as it was sent for signing (not the signed copy).`
      : `INTACT: this is the signed “${p.title}” for ${clientName}, unchanged since signing was completed; its evidence trail of ${events.length} events verifies.`,
  };
}
