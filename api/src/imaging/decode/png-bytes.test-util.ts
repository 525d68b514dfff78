import { crc32, deflateSync } from 'node:zlib';

/** Hand-built PNG bytes, for the colour types pngjs cannot write (palette, 16-bit gray). */
export interface RawPng {
  width: number;
  height: number;
  bitDepth: 8 | 16;
  /** 0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA */
  colorType: 0 | 2 | 3 | 4 | 6;
  /** Samples row by row, big-endian for 16-bit, without filter bytes. */
  samples: number[];
  palette?: Array<[number, number, number]>;
  /** tEXt chunks (keyword → text): metadata a file may carry beside its pixels. */
  text?: Record<string, string>;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

const CHANNELS = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as const;

export function buildPng(png: RawPng): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(png.width, 0);
  ihdr.writeUInt32BE(png.height, 4);
  ihdr.writeUInt8(png.bitDepth, 8);
  ihdr.writeUInt8(png.colorType, 9);
  const bytesPerSample = png.bitDepth / 8;
  const rowSamples = png.width * CHANNELS[png.colorType];
  const raw = Buffer.alloc(png.height * (1 + rowSamples * bytesPerSample));
  png.samples.forEach((value, i) => {
    const row = Math.floor(i / rowSamples);
    const at = row * (1 + rowSamples * bytesPerSample) + 1 + (i % rowSamples) * bytesPerSample;
    if (bytesPerSample === 2) raw.writeUInt16BE(value, at);
    else raw.writeUInt8(value, at);
  });
  const chunks = [chunk('IHDR', ihdr)];
  if (png.palette) chunks.push(chunk('PLTE', Buffer.from(png.palette.flat())));
  for (const [keyword, text] of Object.entries(png.text ?? {})) chunks.push(chunk('tEXt', Buffer.from(`${keyword}\0${text}`, 'latin1')));
  chunks.push(chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0)));
  return new Uint8Array(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ...chunks]));
}
