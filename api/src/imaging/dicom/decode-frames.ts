import type { NaturalizedDataset } from 'dcmjs';
import type { GrayImage } from '../gray-image.js';
import { colorToGray } from './color.js';
import { decodeJpegFrame } from './jpeg-frame.js';
import { monochromeToGray } from './monochrome.js';
import { paletteToGray } from './palette.js';
import { encapsulatedFrames, nativeFrames } from './pixel-data.js';
import type { PixelLayout } from './pixel-layout.js';
import { decodeRleFrame } from './rle-frame.js';
import { assertSupportedPixels } from './supported-pixels.js';
import type { PixelEncoding } from './transfer-syntax.js';

/** Every frame of the PixelData as 8-bit gray. */
export function decodeFrames(ds: NaturalizedDataset, layout: PixelLayout, encoding: PixelEncoding): GrayImage[] {
  assertSupportedPixels(layout, encoding);
  const toImage = (data: Uint8Array): GrayImage => ({ width: layout.columns, height: layout.rows, data });
  switch (encoding.kind) {
    case 'native':
      return nativeFrames(ds.PixelData, layout).map((bytes) => toImage(nativeToGray(bytes, layout, ds, encoding.littleEndian)));
    case 'rle': {
      // RLE output is little-endian and, for colour, planar whatever PlanarConfiguration says.
      const rleLayout = { ...layout, planar: true };
      return encapsulatedFrames(ds.PixelData, layout.frames, false).map((bytes) =>
        toImage(nativeToGray(decodeRleFrame(bytes, layout), rleLayout, ds, true)),
      );
    }
    case 'jpeg-baseline':
      return encapsulatedFrames(ds.PixelData, layout.frames, true).map((bytes) => toImage(decodeJpegFrame(bytes, layout)));
  }
}

function nativeToGray(bytes: Uint8Array, layout: PixelLayout, ds: NaturalizedDataset, littleEndian: boolean): Uint8Array {
  if (layout.photometric === 'MONOCHROME1' || layout.photometric === 'MONOCHROME2') return monochromeToGray(bytes, layout, littleEndian);
  if (layout.photometric === 'PALETTE COLOR') return paletteToGray(bytes, layout, ds, littleEndian);
  return colorToGray(bytes, layout);
}
