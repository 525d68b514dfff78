import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * poppler's text extraction (pdftotext, Debian poppler-utils): what copy-and-paste and search get from a PDF.
 * pdftotext marks direction changes with bidi embedding controls; they are dropped, the words are what counts.
 */
export function pdfText(bytes: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'oasis-pdf-'));
  try {
    writeFileSync(join(dir, 'doc.pdf'), bytes);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'doc.pdf'), '-'], { encoding: 'utf8' }).replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** poppler puts the space around an Arabic comma before or after it: compare the letters' order only. */
export const squeeze = (text: string) => text.replace(/\s+/g, '');
