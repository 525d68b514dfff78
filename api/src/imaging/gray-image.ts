/** One frame as the AI and the viewer see it: 8-bit grayscale, row-major, `data.length === width * height`. */
export interface GrayImage {
  width: number;
  height: number;
  data: Uint8Array;
  /** Share of pixels with clear colour (decoded from RGB): colour Doppler/elastography overlays show here. */
  colourFraction?: number;
}
