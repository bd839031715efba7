import {
  PDFContentStream, PDFDocument, PDFName, PDFOperator, PDFOperatorNames, PDFString, PageSizes, StandardFonts,
  beginText, drawObject, endText, fill, lineTo, moveText, moveTo, popGraphicsState, pushGraphicsState, rectangle, scale,
  setFillingColor, setFontAndSize, setLineWidth, setStrokingColor, stroke, translate,
  type Color, type PDFFont, type PDFImage,
} from 'pdf-lib';

/**
 * A small drawing surface over pdf-lib for documents that must come out byte for byte the same from
 * the same input, and whose words can be found in the file: text is written as literal strings in
 * uncompressed content streams (so "INV-000042" is in the bytes as it reads), resource names are
 * fixed, no date or id is taken from the clock, and pages join the document only once all are laid
 * out (so "Page 1 of 3" can be written on each).
 */

export const [PAGE_WIDTH, PAGE_HEIGHT] = PageSizes.A4;

export interface TextStyle {
  font: 'regular' | 'bold';
  size: number;
  color: Color;
  align?: 'left' | 'right';
}

const FONT_KEY = { regular: 'F1', bold: 'F2' } as const;
const LOGO_KEY = 'Logo';

/** PDF coordinates to two decimals, so the content streams stay short and stable. */
const r2 = (n: number) => Math.round(n * 100) / 100;

/** A literal string `( … )` of the font's WinAnsi bytes: printable ASCII as is, the rest escaped. */
function literal(font: PDFFont, text: string): PDFString {
  let out = '';
  for (const b of font.encodeText(text).asBytes()) {
    if (b === 0x28 || b === 0x29 || b === 0x5c) out += `\\${String.fromCharCode(b)}`;
    else if (b >= 0x20 && b <= 0x7e) out += String.fromCharCode(b);
    else out += `\\${b.toString(8).padStart(3, '0')}`;
  }
  return PDFString.of(out);
}

/** PNG and JPEG only (pdf-lib cannot embed WebP); a logo it cannot read is left out, not fatal. */
async function embedLogo(doc: PDFDocument, logo: { bytes: Uint8Array; contentType: string | null } | null): Promise<PDFImage | undefined> {
  if (!logo) return undefined;
  try {
    if (logo.contentType === 'image/png') return await doc.embedPng(logo.bytes);
    if (logo.contentType === 'image/jpeg') return await doc.embedJpg(logo.bytes);
  } catch {
    // A damaged logo must not stop a client getting their invoice.
  }
  return undefined;
}

export class PdfCanvas {
  private readonly pages: PDFOperator[][] = [];
  private ops: PDFOperator[] = [];
  private readonly charset: Set<number>;
  private readonly images: { key: string; image: PDFImage }[] = [];

  private constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: Record<'regular' | 'bold', PDFFont>,
    private readonly logo: PDFImage | undefined,
  ) {
    this.charset = new Set(fonts.regular.getCharacterSet());
  }

  static async create(logo: { bytes: Uint8Array; contentType: string | null } | null): Promise<PdfCanvas> {
    const doc = await PDFDocument.create({ updateMetadata: false });
    const regular = await doc.embedFont(StandardFonts.Helvetica);
    const bold = await doc.embedFont(StandardFonts.HelveticaBold);
    return new PdfCanvas(doc, { regular, bold }, await embedLogo(doc, logo));
  }

  get pageCount(): number {
    return this.pages.length;
  }

  get hasLogo(): boolean {
    return this.logo !== undefined;
  }

  newPage(): void {
    this.ops = [];
    this.pages.push(this.ops);
  }

  /** Draw on an earlier page again (footers, once the page count is known). */
  onPage(index: number): void {
    const ops = this.pages[index];
    if (ops) this.ops = ops;
  }

  /**
   * Text the standard fonts can show: NFC, tabs and (unless kept) line breaks as spaces, control
   * characters dropped, and anything outside Windows-1252 (emoji, CJK) as "?" rather than an error.
   */
  clean(text: string, keepNewlines = false): string {
    let out = '';
    for (const ch of text.normalize('NFC').replace(/\r\n?/g, '\n')) {
      if (ch === '\n') out += keepNewlines ? '\n' : ' ';
      else if (ch === '\t') out += ' ';
      else if (/[\p{Cc}\p{Cf}]/u.test(ch)) continue;
      else out += this.charset.has(ch.codePointAt(0) ?? 0) ? ch : '?';
    }
    return out;
  }

  width(text: string, style: TextStyle): number {
    return this.fonts[style.font].widthOfTextAtSize(this.clean(text), style.size);
  }

  text(text: string, x: number, y: number, style: TextStyle): void {
    const clean = this.clean(text);
    if (clean === '') return;
    const font = this.fonts[style.font];
    const left = style.align === 'right' ? x - font.widthOfTextAtSize(clean, style.size) : x;
    this.ops.push(
      beginText(),
      setFillingColor(style.color),
      setFontAndSize(FONT_KEY[style.font], style.size),
      moveText(r2(left), r2(y)),
      PDFOperator.of(PDFOperatorNames.ShowText, [literal(font, clean)]),
      endText(),
    );
  }

  /** Lines no wider than `width`: words wrap, line breaks are kept, and an over-long word is cut. */
  wrap(text: string, width: number, style: TextStyle): string[] {
    const font = this.fonts[style.font];
    const w = (s: string) => font.widthOfTextAtSize(s, style.size);
    const lines: string[] = [];
    for (const paragraph of this.clean(text, true).split('\n')) {
      let line = '';
      for (const word of paragraph.split(' ')) {
        const candidate = line === '' ? word : `${line} ${word}`;
        if (w(candidate) <= width) {
          line = candidate;
          continue;
        }
        if (line !== '') lines.push(line);
        line = '';
        let used = 0;
        for (const ch of word) {
          const cw = w(ch);
          if (line !== '' && used + cw > width) {
            lines.push(line);
            line = '';
            used = 0;
          }
          line += ch;
          used += cw;
        }
      }
      lines.push(line);
    }
    return lines;
  }

  rect(x: number, y: number, width: number, height: number, color: Color): void {
    this.ops.push(pushGraphicsState(), setFillingColor(color), rectangle(r2(x), r2(y), r2(width), r2(height)), fill(), popGraphicsState());
  }

  line(x1: number, y1: number, x2: number, y2: number, color: Color, lineWidth = 0.5): void {
    this.ops.push(pushGraphicsState(), setStrokingColor(color), setLineWidth(lineWidth), moveTo(r2(x1), r2(y1)), lineTo(r2(x2), r2(y2)), stroke(), popGraphicsState());
  }

  /** Draws the logo fitted into the box whose top-left corner is (x, top); returns its drawn height (0 without a logo). */
  logoAt(x: number, top: number, maxWidth: number, maxHeight: number): number {
    if (!this.logo) return 0;
    const s = Math.min(maxWidth / this.logo.width, maxHeight / this.logo.height);
    const w = this.logo.width * s;
    const h = this.logo.height * s;
    this.ops.push(pushGraphicsState(), translate(r2(x), r2(top - h)), scale(r2(w), r2(h)), drawObject(LOGO_KEY), popGraphicsState());
    return h;
  }

  /** Embeds a PNG (e.g. a drawn signature) for imageAt; its pixel size comes back for fitting. */
  async addPng(bytes: Uint8Array): Promise<{ key: string; width: number; height: number }> {
    const image = await this.doc.embedPng(bytes);
    const key = `Im${this.images.length + 1}`;
    this.images.push({ key, image });
    return { key, width: image.width, height: image.height };
  }

  /** Draws an embedded image with its bottom-left corner at (x, bottom). */
  imageAt(key: string, x: number, bottom: number, width: number, height: number): void {
    this.ops.push(pushGraphicsState(), translate(r2(x), r2(bottom)), scale(r2(width), r2(height)), drawObject(key), popGraphicsState());
  }

  /** The finished file. `date` is both creation and modification date, so nothing depends on the clock. */
  async save(meta: { title: string; author: string; date: Date; subject?: string; keywords?: string[] }): Promise<Buffer> {
    const { doc } = this;
    if (meta.subject) doc.setSubject(this.clean(meta.subject));
    if (meta.keywords) doc.setKeywords(meta.keywords.map((k) => this.clean(k)));
    doc.setTitle(this.clean(meta.title), { showInWindowTitleBar: true });
    doc.setAuthor(this.clean(meta.author));
    doc.setCreator('Ledger Loom');
    doc.setProducer('Ledger Loom');
    doc.setCreationDate(meta.date);
    doc.setModificationDate(meta.date);
    doc.setLanguage('en-AU');
    for (const ops of this.pages) {
      const page = doc.addPage(PageSizes.A4);
      page.node.setFontDictionary(PDFName.of(FONT_KEY.regular), this.fonts.regular.ref);
      page.node.setFontDictionary(PDFName.of(FONT_KEY.bold), this.fonts.bold.ref);
      if (this.logo) page.node.setXObject(PDFName.of(LOGO_KEY), this.logo.ref);
      for (const { key, image } of this.images) page.node.setXObject(PDFName.of(key), image.ref);
      // Not Flate-encoded: the words stay searchable in the file (and tests can read them).
      page.node.addContentStream(doc.context.register(PDFContentStream.of(doc.context.obj({}), ops, false)));
    }
    return Buffer.from(await doc.save({ useObjectStreams: false }));
  }
}
