import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';

export interface PdfImage {
  png: Buffer;
  width: number;
  height: number;
  lesions: Array<{ x: number; y: number; width: number; height: number; label: string }>;
}

export interface ReportPdfInput {
  title: string;
  hash: string;
  signedAt: Date;
  rows: Array<[string, string]>;
  sections: Array<[string, string]>;
  images: PdfImage[];
  footer: string;
}

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
 * The signed report as a PDF: header facts, the sections, each image with the AI boxes drawn on it, and the
 * content hash in its metadata and header so a printout can be checked against the record. Its dates are the
 * signature's.
 */
export function renderReportPdf(input: ReportPdfInput): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: input.title, Keywords: `sha256:${input.hash}`, CreationDate: input.signedAt, ModDate: input.signedAt } });
  const font = registerTextFont(doc);
  const done = pdfBytes(doc);

  doc.font(font).fontSize(16).text(input.title);
  doc.moveDown(0.5).fontSize(9).fillColor('#555').text(`SHA-256 ${input.hash}`);
  doc.moveDown(0.8).fillColor('#000').fontSize(10);
  for (const [label, value] of input.rows) doc.text(`${label}: ${value}`);
  for (const [heading, body] of input.sections) {
    doc.moveDown(0.8).fontSize(12).text(heading).moveDown(0.2).fontSize(10).text(body || '—');
  }
  for (const image of input.images) {
    doc.addPage();
    const maxWidth = doc.page.width - 96;
    const scale = Math.min(maxWidth / image.width, 420 / image.height);
    const x0 = 48;
    const y0 = doc.y;
    doc.image(image.png, x0, y0, { width: image.width * scale, height: image.height * scale });
    doc.lineWidth(1.5).strokeColor('#e0a800');
    for (const lesion of image.lesions) {
      doc.rect(x0 + lesion.x * scale, y0 + lesion.y * scale, lesion.width * scale, lesion.height * scale).stroke();
      doc.fontSize(8).fillColor('#e0a800').text(lesion.label, x0 + lesion.x * scale, Math.max(y0, y0 + lesion.y * scale - 11), { lineBreak: false });
    }
    doc.fillColor('#000').text('', x0, y0 + image.height * scale + 8);
  }
  doc.moveDown(1).fontSize(8).fillColor('#555').text(input.footer);
  doc.end();
  return done;
}
