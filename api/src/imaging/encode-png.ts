import pngjs from 'pngjs';
import type { GrayImage } from './gray-image.js';

/** An 8-bit grayscale PNG of a frame, for viewers (DICOM frames included, whatever their encoding). */
export function encodeGrayPng(frame: GrayImage): Buffer {
  const png = new pngjs.PNG({ width: frame.width, height: frame.height, colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
  png.data = Buffer.from(frame.data.buffer, frame.data.byteOffset, frame.data.byteLength);
  return pngjs.PNG.sync.write(png, { colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
}
