import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { MixedText } from './pdf/mixed-text.js';

/** A box drawn on an image page, numbered as on screen: the AI's lesions and the specialist's own marks. */
export interface PdfMark {
  x: number;
  y: number;
  width: number;
  height: number;
  label: string;
  kind: 'ai' | 'specialist';
}

export interface PdfImage {
  name: string;
  png: Buffer;
  width: number;
  height: number;
  marks: PdfMark[];
}

export interface ReportPdfInput {
  title: string;
  hash: string;
  signedAt: Date;
  direction: 'ltr' | 'rtl';
  rows: Array<[string, string]>;
  sections: Array<[string, string]>;
  images: PdfImage[];
  footer: string;
}

const MARK_COLOURS = { ai: '#e0a800', specialist: '#0077cc' };

/** Fonts with Chinese glyphs as Debian installs them (collection file, PostScript name); the first present is used. */
const CJK_FONTS: Array<[string, string]> = [
  ['/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', 'WenQuanYiMicroHei'],
  ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', 'NotoSansCJKsc-Regular'],
];

/** The document's bytes once it is ended (attach before writing: pdfkit streams as it goes). */
export function pdfBytes(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

/** Registers the first Chinese-capable font present as 'text' and returns the font name to use (Helvetica without one). */
export function registerTextFont(doc: PDFKit.PDFDocument): string {
  const cjk = CJK_FONTS.find(([path]) => existsSync(path));
  if (!cjk) return 'Helvetica';
  doc.registerFont('text', cjk[0], cjk[1]);
  return 'text';
}

/**
 * The report as a PDF: header facts, the sections, each image with its numbered boxes (AI in amber, the
 * specialist's in blue), and the content hash in its metadata and header so a printout can be checked
 * against the record. Text is laid out by MixedText (Uyghur shaped right-to-left, Chinese, Latin, wrapped).
 * pdfkit names font subsets at random, so bytes differ between renderings: signing stores the preview's bytes.
 */
export function renderReportPdf(input: ReportPdfInput): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: input.title, Keywords: `sha256:${input.hash}`, CreationDate: input.signedAt, ModDate: input.signedAt } });
  const done = pdfBytes(doc);
  const text = new MixedText(doc);
  const x = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const style = (size: number, color?: string) => ({ size, color, direction: input.direction });

  text.write(input.title, x, width, style(15));
  text.write(`SHA-256 ${input.hash}`, x, width, { size: 8, color: '#555', direction: 'ltr' });
  doc.y += 6;
  for (const [label, value] of input.rows) text.write(`${label}: ${value}`, x, width, style(10));
  for (const [heading, body] of input.sections) {
    doc.y += 8;
    text.write(heading, x, width, style(12));
    text.write(body || '—', x, width, style(10));
  }
  for (const image of input.images) {
    doc.addPage();
    text.write(image.name, x, width, style(11));
    const scale = Math.min(width / image.width, 560 / image.height);
    const y0 = doc.y + 4;
    doc.image(image.png, x, y0, { width: image.width * scale, height: image.height * scale });
    for (const mark of image.marks) {
      const colour = MARK_COLOURS[mark.kind];
      doc.lineWidth(1.5).strokeColor(colour).rect(x + mark.x * scale, y0 + mark.y * scale, mark.width * scale, mark.height * scale).stroke();
      text.label(mark.label, x + mark.x * scale, Math.max(y0, y0 + mark.y * scale - 12), { size: 8, color: colour });
    }
    doc.y = y0 + image.height * scale + 8;
  }
  doc.y += 12;
  text.write(input.footer, x, width, style(8, '#555'));
  doc.end();
  return done;
}
