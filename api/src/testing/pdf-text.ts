import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * poppler's text extraction (pdftotext, Debian poppler-utils): what copy-and-paste and search get from a PDF.
 * pdftotext marks direction changes with bidi embedding controls; they are dropped, the words are what counts.
 */
export function pdfText(bytes: Buffer): string {
  return poppler('pdftotext', (file) => ['-enc', 'UTF-8', file, '-'], bytes).replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
}

/** The images a PDF draws, as poppler's `pdfimages -list` sees them: each one's pixel size and colour space. */
export function pdfImages(bytes: Buffer): Array<{ width: number; height: number; color: string }> {
  // Two header lines, then: page num type width height color comp bpc enc interp object ID x-ppi y-ppi size ratio
  return poppler('pdfimages', (file) => ['-list', file], bytes)
    .split('\n')
    .slice(2)
    .filter((line) => line.trim())
    .map((line) => line.trim().split(/\s+/))
    .filter((cells) => cells[2] === 'image')
    .map((cells) => ({ width: Number(cells[3]), height: Number(cells[4]), color: cells[5]! }));
}

/** Runs a poppler tool (Debian poppler-utils) on the PDF, written to a file its arguments name, and answers what it prints. */
function poppler(tool: string, args: (file: string) => string[], bytes: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'oasis-pdf-'));
  try {
    writeFileSync(join(dir, 'doc.pdf'), bytes);
    return execFileSync(tool, args(join(dir, 'doc.pdf')), { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** poppler puts the space around an Arabic comma before or after it: compare the letters' order only. */
export const squeeze = (text: string) => text.replace(/\s+/g, '');
