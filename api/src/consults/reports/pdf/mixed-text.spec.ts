import PDFDocument from 'pdfkit';
import { pdfText, squeeze } from '../../../testing/pdf-text.js';
import { pdfBytes } from '../report-pdf.js';
import { MixedText } from './mixed-text.js';

const UYGHUR = 'بىمارنىڭ كۆكرەك بېزىدە تۈگۈن بار، چېگراسى ئېنىق ئەمەس';
const CHINESE = '左乳外上象限低回声结节，边界不清';

async function render(write: (text: MixedText, doc: PDFKit.PDFDocument) => void) {
  const doc = new PDFDocument({ size: 'A4', margin: 48 });
  const done = pdfBytes(doc);
  const text = new MixedText(doc);
  write(text, doc);
  doc.end();
  return { bytes: await done, missing: [...text.missing] };
}

describe('mixed Uyghur, Chinese and Latin text in PDFs', () => {
  it('keeps Uyghur and Chinese in logical order with every glyph present, Chinese and Latin on one line', async () => {
    const { bytes, missing } = await render((text) => {
      text.write(UYGHUR, 48, 499, { size: 10 });
      text.write(`Lesion 3 (busi_malignant_018.png): ${CHINESE} BI-RADS 4B`, 48, 499, { size: 10 });
      text.write('Lesion 3: قوشۇلىمەن', 48, 499, { size: 10 });
    });
    expect(missing).toEqual([]);
    const lines = pdfText(bytes).split('\n').map((l) => l.trim());
    expect(lines.map(squeeze)).toContain(squeeze(UYGHUR));
    expect(lines).toContain(`Lesion 3 (busi_malignant_018.png): ${CHINESE} BI-RADS 4B`);
    expect(lines.join(' ')).toContain('قوشۇلىمەن');
  });

  it('reports characters no Debian font can draw', async () => {
    const { missing } = await render((text) => text.write('Lesion \u{1F600} 1', 48, 499, { size: 10 }));
    expect(missing).toEqual(['\u{1F600}']);
  });

  it('wraps long right-to-left text within the page and keeps each line in logical order', async () => {
    const long = Array.from({ length: 12 }, () => UYGHUR).join(' ');
    const { bytes } = await render((text, doc) => {
      text.write(long, 48, 300, { size: 11 });
      expect(doc.y).toBeGreaterThan(48 + 11 * 1.5 * 4);
    });
    const lines = pdfText(bytes).split('\n').filter((l) => l.trim());
    expect(lines.length).toBeGreaterThan(4);
    // Every extracted line is a piece of the paragraph in reading order.
    for (const line of lines) expect(squeeze(long)).toContain(squeeze(line));
    expect(squeeze(lines.join(''))).toBe(squeeze(long));
  });
});
