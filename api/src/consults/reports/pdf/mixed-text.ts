import { existsSync } from 'node:fs';
import bidiFactory, { type Bidi } from 'bidi-js';

/**
 * Mixed Uyghur, Chinese and Latin text for pdfkit. pdfkit shapes a run through fontkit (Arabic joining
 * forms and ligatures, glyphs reversed for right-to-left) but neither orders a line's runs nor picks a font
 * per script. Here: each character gets the first Debian font that has its glyph, the text is cut into
 * single-font words (each CJK character breakable on its own), lines are filled in logical order, and each
 * line's words are placed in visual order by the Unicode bidi algorithm (bidi-js).
 */

/** Debian's font files per script (fonts-noto-core, fonts-wqy-microhei), first present wins. */
const FONT_FILES: Record<Script, Array<[string, string?]>> = {
  latin: [['/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf']],
  arabic: [['/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf'], ['/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf']],
  cjk: [
    ['/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', 'WenQuanYiMicroHei'],
    ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', 'NotoSansCJKsc-Regular'],
  ],
};

type Script = 'latin' | 'arabic' | 'cjk';
const SCRIPTS: Script[] = ['latin', 'arabic', 'cjk'];

// The package's CommonJS export is the factory itself (its types describe it as the default export).
const bidi = (bidiFactory as unknown as () => Bidi)();

const isArabic = (cp: number) => (cp >= 0x0600 && cp <= 0x06ff) || (cp >= 0x0750 && cp <= 0x077f) || (cp >= 0xfb50 && cp <= 0xfdff) || (cp >= 0xfe70 && cp <= 0xfeff);
const isCjk = (cp: number) => (cp >= 0x2e80 && cp <= 0x9fff) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xff00 && cp <= 0xffef);
const scriptOf = (cp: number): Script => (isArabic(cp) ? 'arabic' : isCjk(cp) ? 'cjk' : 'latin');

interface Word {
  text: string;
  font: string;
  /** Index of its first character in the paragraph. */
  start: number;
  /** Bidi embedding level: odd is right-to-left. */
  level: number;
  width: number;
  /** Whitespace follows it in the paragraph. */
  spaceAfter: boolean;
}

export interface TextStyle {
  size: number;
  color?: string;
  /** Paragraph direction; by default from its first strong character. */
  direction?: 'ltr' | 'rtl';
}

/** One registered pdfkit document's fonts, able to measure and draw mixed paragraphs. */
export class MixedText {
  private readonly fonts = new Map<Script, { name: string; font: { hasGlyphForCodePoint(cp: number): boolean } }>();
  /** Characters no font had a glyph for (a test asserts this stays empty). */
  readonly missing = new Set<string>();

  constructor(private readonly doc: PDFKit.PDFDocument) {
    for (const script of SCRIPTS) {
      const file = FONT_FILES[script].find(([path]) => existsSync(path));
      if (!file) continue;
      const name = `mixed-${script}`;
      doc.registerFont(name, file[0], file[1] as string);
      doc.font(name);
      this.fonts.set(script, { name, font: (doc as unknown as { _font: { font: { hasGlyphForCodePoint(cp: number): boolean } } })._font.font });
    }
  }

  /** The font for a character: its script's font, else any font that has the glyph. */
  private fontFor(char: string): string {
    const cp = char.codePointAt(0)!;
    const own = this.fonts.get(scriptOf(cp));
    if (own?.font.hasGlyphForCodePoint(cp)) return own.name;
    for (const candidate of this.fonts.values()) if (candidate.font.hasGlyphForCodePoint(cp)) return candidate.name;
    if (!/\s/.test(char)) this.missing.add(char);
    return own?.name ?? this.fonts.values().next().value?.name ?? 'Helvetica';
  }

  /** The paragraph as single-font words with their bidi levels and widths. */
  private words(text: string, style: TextStyle): { words: Word[]; rtl: boolean } {
    const levels = bidi.getEmbeddingLevels(text, style.direction);
    const rtl = levels.paragraphs[0]?.level === 1;
    const words: Word[] = [];
    let current: Omit<Word, 'width' | 'level'> | null = null;
    const close = () => {
      if (!current) return;
      this.doc.font(current.font).fontSize(style.size);
      words.push({ ...current, level: levels.levels[current.start], width: this.doc.widthOfString(current.text) });
      current = null;
    };
    let i = 0;
    for (const char of text) {
      if (/\s/.test(char)) {
        close();
        if (words.length) words[words.length - 1].spaceAfter = true;
      } else {
        const font = this.fontFor(char);
        const cp = char.codePointAt(0)!;
        const level = levels.levels[i];
        if (!current || current.font !== font || isCjk(cp) || levels.levels[current.start] !== level) close();
        if (current) current.text += char;
        else current = { text: char, font, start: i, spaceAfter: false };
      }
      i += char.length;
    }
    close();
    return { words, rtl };
  }

  /** Writes the text wrapped into `width` from (x, doc.y), then moves doc.y below it. */
  write(text: string, x: number, width: number, style: TextStyle): void {
    const lineHeight = style.size * 1.5;
    for (const paragraph of text.split('\n')) {
      const { words, rtl } = this.words(paragraph, style);
      const space = style.size * 0.28;
      for (const line of fill(words, width, space)) {
        if (this.doc.y + lineHeight > this.doc.page.height - this.doc.page.margins.bottom) this.doc.addPage();
        this.drawLine(visualOrder(line), x, width, space, rtl, style);
        this.doc.y += lineHeight;
      }
      if (words.length === 0) this.doc.y += lineHeight;
    }
    this.doc.x = x;
  }

  /** Text on one line at (x, y) without wrapping, e.g. a label on an image. */
  label(text: string, x: number, y: number, style: TextStyle): void {
    const { words } = this.words(text, style);
    const space = style.size * 0.28;
    const saved = this.doc.y;
    this.doc.y = y;
    this.drawLine(visualOrder(words), x, Number.POSITIVE_INFINITY, space, false, style);
    this.doc.y = saved;
  }

  private drawLine(words: Word[], x: number, width: number, space: number, rtl: boolean, style: TextStyle) {
    const total = words.reduce((sum, w, i) => sum + w.width + (i > 0 && gapBetween(words[i - 1], w) ? space : 0), 0);
    let at = rtl && Number.isFinite(width) ? x + width - total : x;
    const y = this.doc.y;
    words.forEach((word, i) => {
      if (i > 0 && gapBetween(words[i - 1], word)) at += space;
      this.doc.font(word.font).fontSize(style.size).fillColor(style.color ?? '#000').text(word.text, at, y, { lineBreak: false });
      at += word.width;
    });
    this.doc.y = y;
  }
}

/** Greedy line filling in logical order (a single word wider than the line stays whole). */
function fill(words: Word[], width: number, space: number): Word[][] {
  const lines: Word[][] = [];
  let line: Word[] = [];
  let used = 0;
  for (const word of words) {
    const gap = line.length && line[line.length - 1].spaceAfter ? space : 0;
    if (line.length && used + gap + word.width > width) {
      lines.push(line);
      line = [];
      used = 0;
    }
    line.push(word);
    used += (line.length > 1 ? gap : 0) + word.width;
  }
  if (line.length) lines.push(line);
  return lines;
}

/** Unicode bidi rule L2 on words: from the highest level down to the lowest odd one, reverse each run at or above it. */
function visualOrder(line: Word[]): Word[] {
  const order = [...line];
  const max = Math.max(0, ...order.map((w) => w.level));
  const minOdd = Math.min(...order.map((w) => (w.level % 2 ? w.level : w.level + 1)));
  for (let level = max; level >= minOdd && level > 0; level--) {
    for (let i = 0; i < order.length; i++) {
      if (order[i].level < level) continue;
      let j = i;
      while (j + 1 < order.length && order[j + 1].level >= level) j++;
      order.splice(i, j - i + 1, ...order.slice(i, j + 1).reverse());
      i = j;
    }
  }
  return order;
}

/** A space separates two words on screen when whitespace lies between them in the paragraph. */
function gapBetween(a: Word, b: Word): boolean {
  return (a.start < b.start ? a : b).spaceAfter;
}
