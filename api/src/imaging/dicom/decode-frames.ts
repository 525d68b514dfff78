import type { NaturalizedDataset } from 'dcmjs';
import type { GrayImage } from '../gray-image.js';
import { decodeCompressedFrame } from './codecs/decode-compressed.js';
import { colorToGray } from './color.js';
import { monochromeToGray } from './monochrome.js';
import { paletteToGray } from './palette.js';
import { encapsulatedFrames, nativeFrames } from './pixel-data.js';
import type { PixelLayout } from './pixel-layout.js';
import { decodeRleFrame } from './rle-frame.js';
import { assertSupportedPixels } from './supported-pixels.js';
import type { PixelEncoding } from './transfer-syntax.js';

/** Every frame of the PixelData as 8-bit gray, one frame at a time (only the gray frames are kept). */
export async function decodeFrames(ds: NaturalizedDataset, layout: PixelLayout, encoding: PixelEncoding): Promise<GrayImage[]> {
  assertSupportedPixels(layout, encoding);
  const toImage = (data: Uint8Array): GrayImage => ({ width: layout.columns, height: layout.rows, data });
  switch (encoding.kind) {
    case 'native': {
      const swapPairs = !encoding.littleEndian && layout.bitsAllocated === 8 && (ds._vrMap as Record<string, string> | undefined)?.PixelData === 'OW';
      return nativeFrames(ds.PixelData, layout, swapPairs).map((bytes) => toImage(nativeToGray(bytes, layout, ds, encoding.littleEndian)));
    }
    case 'rle': {
      // RLE output is little-endian and, for colour, planar whatever PlanarConfiguration says.
      const rleLayout = { ...layout, planar: true };
      return encapsulatedFrames(ds.PixelData, layout.frames, 'rle').map((bytes) => toImage(nativeToGray(decodeRleFrame(bytes, layout), rleLayout, ds, true)));
    }
    default: {
      const frames: GrayImage[] = [];
      for (const bytes of encapsulatedFrames(ds.PixelData, layout.frames, encoding.kind)) {
        const native = await decodeCompressedFrame(bytes, layout, encoding);
        frames.push(toImage(nativeToGray(native.bytes, native.layout, ds, true)));
      }
      return frames;
    }
  }
}

function nativeToGray(bytes: Uint8Array, layout: PixelLayout, ds: NaturalizedDataset, littleEndian: boolean): Uint8Array {
  if (layout.photometric === 'MONOCHROME1' || layout.photometric === 'MONOCHROME2') return monochromeToGray(bytes, layout, littleEndian);
  if (layout.photometric === 'PALETTE COLOR') return paletteToGray(bytes, layout, ds, littleEndian);
  return colorToGray(bytes, layout);
}
