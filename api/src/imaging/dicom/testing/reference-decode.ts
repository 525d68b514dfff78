import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GrayImage } from '../../gray-image.js';
import { interleavedRgbToGray } from '../color.js';

/** Debian packages of the reference decoders (scripts/test.mjs installs them for CI). */
export const REFERENCE_TOOLS = ['/usr/bin/dcmj2pnm', '/usr/bin/gdcmconv', '/usr/bin/djxl'];

const SEQUENCE_END = Buffer.from([0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0]);
const SEGMENTED_PALETTE = Buffer.from([0x28, 0x00, 0x21, 0x12]); // (0028,1221), little endian
const NEEDS_GDCM = /^1\.2\.840\.10008\.1\.2\.4\.(80|81|90|91)$/; // JPEG-LS, JPEG 2000: DCMTK's free build has neither

/**
 * Every frame of a DICOM file as 8-bit gray, decoded by tools that share no code with Oasis: DCMTK's
 * dcmj2pnm renders the frames (palette, YBR and all), GDCM first decompresses what DCMTK cannot (JPEG-LS,
 * JPEG 2000, segmented palettes), and libjxl's djxl decodes JPEG-XL fragments DCMTK extracts. Colour
 * frames become gray with the same luma weights as the product, so a difference is a decoding difference.
 */
export function referenceFrames(file: string, transferSyntaxUid: string): GrayImage[] {
  const dir = mkdtempSync(join(tmpdir(), 'oasis-ref-'));
  try {
    if (transferSyntaxUid.startsWith('1.2.840.10008.1.2.4.11')) return jxlFrames(file, dir);
    let input = file;
    const bytes = readFileSync(file);
    if (bytes.subarray(-16).equals(Buffer.concat([SEQUENCE_END, SEQUENCE_END]))) {
      // A stray delimiter after the pixel data's own (Acuson): DCMTK stops with an error there, so it is cut off.
      input = join(dir, 'repaired.dcm');
      writeFileSync(input, bytes.subarray(0, -8));
    }
    for (const [needed, option] of [
      [NEEDS_GDCM.test(transferSyntaxUid), '--raw'],
      [bytes.includes(SEGMENTED_PALETTE), '--decompress-lut'],
    ] as const) {
      if (!needed) continue;
      const converted = join(dir, `gdcm${option}.dcm`);
      execFileSync('gdcmconv', [option, input, converted], { stdio: 'pipe' });
      input = converted;
    }
    execFileSync('dcmj2pnm', ['+Fa', input, join(dir, 'frame')], { stdio: 'pipe' });
    return numbered(dir, /^frame\.(\d+)\.p[gp]m$/).map((name) => readPnm(join(dir, name)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function jxlFrames(file: string, dir: string): GrayImage[] {
  execFileSync('dcmdump', ['-q', '+W', dir, file], { stdio: 'pipe' });
  // dcmdump writes item 0 (the offset table), then one file per fragment: here one fragment per frame.
  const fragments = numbered(dir, /\.(\d+)\.raw$/).slice(1);
  return fragments.map((name, i) => {
    const out = join(dir, `frame-${i}.ppm`);
    execFileSync('djxl', [join(dir, name), out], { stdio: 'pipe' });
    return readPnm(out);
  });
}

function numbered(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir)
    .filter((name) => pattern.test(name))
    .sort((a, b) => Number(pattern.exec(a)![1]) - Number(pattern.exec(b)![1]));
}

/** Binary PGM (P5) or PPM (P6), 8-bit. */
function readPnm(path: string): GrayImage {
  const bytes = readFileSync(path);
  const fields: string[] = [];
  let pos = 0;
  while (fields.length < 4) {
    while (/\s/.test(String.fromCharCode(bytes[pos]!))) pos++;
    if (bytes[pos] === 0x23) {
      while (bytes[pos] !== 0x0a) pos++; // comment line
      continue;
    }
    const start = pos;
    while (!/\s/.test(String.fromCharCode(bytes[pos]!))) pos++;
    fields.push(bytes.subarray(start, pos).toString('latin1'));
  }
  const [magic, w, h, max] = fields;
  if ((magic !== 'P5' && magic !== 'P6') || max !== '255') throw new Error(`${path}: unexpected ${magic} with maximum ${max}`);
  const width = Number(w);
  const height = Number(h);
  const data = new Uint8Array(bytes.subarray(pos + 1));
  return { width, height, data: magic === 'P5' ? data.slice(0, width * height) : interleavedRgbToGray(data, width * height) };
}
