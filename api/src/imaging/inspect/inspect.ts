import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readDicom } from '../dicom/read-dicom.js';
import { encodeGrayPng } from '../encode-png.js';
import { type InspectSummary, summarise, summariseFailure } from './inspect-summary.js';

/**
 * `npm run -s imaging:inspect -- <file> [--frames-png <dir>]`: decodes a DICOM file with the product's reader
 * and prints, as its last line, one JSON object (inspect-summary.ts). With --frames-png it writes each frame
 * as frame-0000.png, … : 8-bit grayscale, exactly what the model is given before resizing.
 */
async function main(args: string[]): Promise<InspectSummary> {
  const pngAt = args.indexOf('--frames-png');
  const pngDir = pngAt >= 0 ? args[pngAt + 1] : undefined;
  const file = args.find((a, i) => !a.startsWith('--') && (pngAt < 0 || i !== pngAt + 1));
  if (!file || (pngAt >= 0 && !pngDir)) return { ok: false, code: 'USAGE', message: 'usage: imaging:inspect <file> [--frames-png <dir>]' };
  try {
    const image = await readDicom(await readFile(file));
    if (pngDir) {
      await mkdir(pngDir, { recursive: true });
      for (const [i, frame] of image.frames.entries()) await writeFile(join(pngDir, `frame-${String(i).padStart(4, '0')}.png`), encodeGrayPng(frame));
    }
    return summarise(image);
  } catch (error) {
    return summariseFailure(error);
  }
}

const summary = await main(process.argv.slice(2));
process.stdout.write(`${JSON.stringify(summary)}\n`);
process.exitCode = summary.ok ? 0 : 1;
