import { rgb } from 'pdf-lib';
import { formatAud } from '../../../contracts/gst.js';
import { formatDate, formatDateTime } from '../../../contracts/format.js';
import { proposalItemKindLabels, signerAuthMethodLabels, SIGNING_CONSENT_TEXT, SIGNING_INTENT_TEXT, type ProposalContent, type SignerAuthMethod } from '../../../contracts/proposals.js';
import { PAGE_HEIGHT, PAGE_WIDTH, PdfCanvas, type TextStyle } from '../invoices/pdf-canvas.js';

/**
 * The proposal as a PDF: the same bytes from the same input (no clock, no random ids — pdf-canvas),
 * so the SHA-256 taken at send can be recomputed. The signed edition adds each signature and a
 * certificate of completion: every signer's events with IP, device and time, the hash of the
 * document as sent, and the verification code (also in the PDF's Keywords, for `verify-signed`).
 */

const INK = rgb(0.13, 0.15, 0.18);
const MUTED = rgb(0.4, 0.43, 0.47);
const RULE = rgb(0.82, 0.84, 0.86);
const M = 50;
const W = PAGE_WIDTH - 2 * M;
const body: TextStyle = { font: 'regular', size: 9.5, color: INK };
const small: TextStyle = { font: 'regular', size: 8, color: MUTED };
const h1: TextStyle = { font: 'bold', size: 18, color: INK };
const h2: TextStyle = { font: 'bold', size: 12, color: INK };
const bold: TextStyle = { font: 'bold', size: 9.5, color: INK };

export interface SignedEdition {
  verificationCode: string;
  documentSha256: string;
  chosenOptionalItemIds: string[];
  signers: { name: string; email: string; signedName: string; signedAt: Date; signaturePng: Buffer; authMethod: SignerAuthMethod }[];
  events: { kind: string; signerName: string | null; signerEmail: string | null; authMethod: SignerAuthMethod | null; ip: string | null; userAgent: string | null; at: Date; hash: string }[];
  timeZone: string;
}

class Flow {
  y = 0;
  constructor(readonly c: PdfCanvas) {}
  page() {
    this.c.newPage();
    this.y = PAGE_HEIGHT - M;
  }
  need(h: number) {
    if (this.y - h < M + 20) this.page();
  }
  para(text: string, style: TextStyle = body, x = M, width = W, gap = 4) {
    for (const line of this.c.wrap(text, width, style)) {
      this.need(style.size + 3);
      this.c.text(line, x, this.y - style.size, style);
      this.y -= style.size + 3;
    }
    this.y -= gap;
  }
  rule() {
    this.need(8);
    this.c.line(M, this.y, M + W, this.y, RULE);
    this.y -= 8;
  }
}

export async function renderProposalPdf(input: { proposalId: string; version: number; sentAt: Date; content: ProposalContent; timeZone: string; signed?: SignedEdition }): Promise<Buffer> {
  const { content: p, signed } = input;
  const c = await PdfCanvas.create(null);
  const f = new Flow(c);
  f.page();
  f.para(p.firm.displayName, small, M, W, 2);
  f.para(p.title, h1, M, W, 6);
  f.para(`Prepared for ${p.clientName} by ${p.firm.legalName}${p.firm.abn ? ` (ABN ${p.firm.abn})` : ''}`, body, M, W, 2);
  f.para(`Version ${input.version}, sent ${formatDate(input.sentAt, input.timeZone)}; open for acceptance until ${formatDate(`${p.expiresOn}T00:00:00`, 'UTC')}. Proposal ${input.proposalId}`, small, M, W, 10);
  if (p.intro) f.para(p.intro, body, M, W, 10);

  f.para('Pricing', h2, M, W, 4);
  const cols = [M, M + 250, M + 320, M + 405, M + W];
  f.need(16);
  for (const [i, h] of ['Item', 'Billed', 'Qty', 'Unit (ex GST)', 'Amount (ex GST)'].entries()) c.text(h, i < 3 ? (cols[i] ?? M) : (cols[i] ?? M) + (i === 3 ? 80 : 0), f.y - 9, { ...small, font: 'bold', align: i >= 3 ? 'right' : 'left' });
  f.y -= 14;
  f.rule();
  const chosen = new Set(signed?.chosenOptionalItemIds ?? []);
  for (const item of p.items) {
    const label = item.optional ? `${item.description} (optional${signed ? (chosen.has(item.id) ? ' — chosen' : ' — not chosen') : ''})` : item.description;
    const lines = c.wrap(label, 240, body);
    f.need(lines.length * 12 + 4);
    const top = f.y;
    lines.forEach((l, i) => c.text(l, M, top - 9.5 - i * 12, body));
    c.text(proposalItemKindLabels[item.kind], M + 250, top - 9.5, body);
    c.text(String(item.quantityMilli / 1000), M + 320, top - 9.5, body);
    c.text(formatAud(item.unitPriceCents), M + 405 + 80, top - 9.5, { ...body, align: 'right' });
    c.text(formatAud(item.amountCents), M + W, top - 9.5, { ...body, align: 'right' });
    f.y = top - lines.length * 12 - 4;
  }
  f.rule();
  for (const t of p.totals) {
    f.need(14);
    c.text(`${proposalItemKindLabels[t.kind]}: ${formatAud(t.subtotalCents)} + GST ${formatAud(t.gstCents)} = ${formatAud(t.totalCents)}${t.kind === 'one_off' ? '' : ` ${t.kind === 'annual' ? 'a year' : t.kind === 'monthly' ? 'a month' : 'a quarter'}`}`, M + W, f.y - 9.5, { ...bold, align: 'right' });
    f.y -= 14;
  }
  f.para(signed ? 'Totals include the optional items the signers chose.' : 'Totals exclude optional items; they are added if you choose them.', small, M, W, 12);

  f.para('Scope of work', h2, M, W, 4);
  for (const item of p.items) {
    f.para(item.description, bold, M, W, 1);
    f.para(item.scope || 'As described above.', body, M, W, 6);
  }
  if (p.terms) {
    f.y -= 6;
    f.para('Terms', h2, M, W, 4);
    f.para(p.terms, body, M, W, 10);
  }
  if (p.invoiceOnAcceptance) f.para('On acceptance, an invoice for the one-off items is issued.', small, M, W, 8);

  if (signed) {
    f.page();
    f.para('Signatures', h2, M, W, 8);
    for (const s of signed.signers) {
      const img = await c.addPng(s.signaturePng);
      const scale = Math.min(200 / img.width, 60 / img.height);
      f.need(110);
      c.imageAt(img.key, M, f.y - img.height * scale, img.width * scale, img.height * scale);
      f.y -= 64;
      f.rule();
      f.para(`${s.signedName} (${s.email}) — signed ${formatDateTime(s.signedAt, signed.timeZone)}`, body, M, W, 10);
    }
    f.page();
    f.para('Certificate of completion', h1, M, W, 6);
    f.para(`${p.title} — ${p.clientName}`, body, M, W, 2);
    f.para(`Verification code: ${signed.verificationCode}`, bold, M, W, 2);
    f.para(`SHA-256 of the proposal as sent (version ${input.version}): ${signed.documentSha256}`, small, M, W, 2);
    f.para('Verify this file: Ledger Loom recomputes its SHA-256 and checks it and the hash-chained evidence below against the firm’s records.', small, M, W, 8);
    f.para(`Consent recorded for each signer: “${SIGNING_CONSENT_TEXT}”`, small, M, W, 2);
    f.para(`Intention: “${SIGNING_INTENT_TEXT}”`, small, M, W, 10);
    for (const s of signed.signers) {
      f.para(`${s.name} <${s.email}>`, bold, M, W, 2);
      f.para(`Authentication: ${signerAuthMethodLabels[s.authMethod]}`, body, M, W, 2);
      for (const e of signed.events.filter((x) => x.signerEmail === s.email)) {
        f.para(`${e.kind[0]?.toUpperCase()}${e.kind.slice(1)} ${formatDateTime(e.at, signed.timeZone)} (${e.at.toISOString()}) — IP ${e.ip ?? 'n/a'} — ${e.authMethod ? signerAuthMethodLabels[e.authMethod] : ''}`, body, M + 10, W - 10, 1);
        if (e.userAgent) f.para(`Device: ${e.userAgent}`, small, M + 10, W - 10, 1);
        f.para(`Event hash ${e.hash}`, small, M + 10, W - 10, 3);
      }
      f.y -= 6;
    }
    const other = signed.events.filter((e) => !e.signerEmail);
    if (other.length > 0) {
      f.para('Firm events', bold, M, W, 2);
      for (const e of other) f.para(`${e.kind} ${formatDateTime(e.at, signed.timeZone)} — hash ${e.hash}`, small, M + 10, W - 10, 2);
    }
  }
  const pages = c.pageCount;
  for (let i = 0; i < pages; i++) {
    c.onPage(i);
    c.text(`${p.title} — page ${i + 1} of ${pages}${signed ? ` — verification code ${signed.verificationCode}` : ''}`, M, 28, small);
  }
  return c.save({
    title: signed ? `${p.title} (signed)` : p.title,
    author: p.firm.legalName,
    date: input.sentAt,
    subject: `Proposal ${input.proposalId} version ${input.version}`,
    keywords: signed ? [`ll-verification:${signed.verificationCode}`] : [`ll-proposal:${input.proposalId}:${input.version}`],
  });
}
