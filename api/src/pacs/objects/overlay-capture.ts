import sharp from 'sharp';
import { derivedUid } from './derived-uid.js';
import { commonModules, type ExportContext } from './export-context.js';
import { type ExportedObject, exportedObject } from './exported-object.js';
import { adjunctStatement, frameScale, type PreReadResult } from './pre-read-result.js';

export const SECONDARY_CAPTURE_STORAGE = '1.2.840.10008.5.1.4.1.1.7';

/** The SOP Instance UID of an image's overlay capture (the SR refers to it before it is built). */
export const overlayCaptureUid = (preReadId: string) => derivedUid('oasis-preread-sc', preReadId);

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The image as the model read it with the AI's boxes burned in, numbered as in the structured report, and
 * the adjunct statement along the bottom: what any PACS viewer can show, whether or not it reads SR.
 */
export async function overlayCapture(context: ExportContext, result: PreReadResult): Promise<ExportedObject> {
  const frame = sharp(result.framePng);
  const [width, height] = [result.frameWidth, result.frameHeight];
  // The boxes are in the stored image's pixels; the kept frame may have been shrunk from it.
  const { x: sx, y: sy } = frameScale(result);
  const stroke = Math.max(2, Math.round(Math.min(width, height) / 200));
  const font = Math.max(12, Math.round(Math.min(width, height) / 28));
  const boxes = [...result.lesions]
    .sort((a, b) => a.index - b.index)
    .map((l, i) => {
      const [x, y, w, h] = [l.x * sx, l.y * sy, l.width * sx, l.height * sy].map((v) => Math.round(v));
      const colour = i === 0 ? '#ffd200' : '#00d2ff';
      return `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="none" stroke="${colour}" stroke-width="${stroke}"/>
        <text x="${x + stroke}" y="${Math.max(font, y - stroke)}" fill="${colour}" font-family="DejaVu Sans, sans-serif" font-size="${font}" font-weight="bold">${i + 1}</text>`;
    })
    .join('');
  const statement = `<rect x="0" y="${height - font * 1.6}" width="${width}" height="${font * 1.6}" fill="#000" fill-opacity="0.6"/>
    <text x="${font / 2}" y="${height - font * 0.45}" fill="#fff" font-family="DejaVu Sans, sans-serif" font-size="${Math.round(font * 0.7)}">${escapeXml(adjunctStatement(result))}</text>`;
  const svg = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${boxes}${statement}</svg>`);
  const pixels = await frame.toColourspace('srgb').composite([{ input: svg }]).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  if (pixels.info.channels !== 3) throw new Error(`overlay capture: expected RGB, got ${pixels.info.channels} channels`);
  const sopInstanceUid = overlayCaptureUid(result.preReadId);
  const data = pixels.data;
  const dataset = {
    ...commonModules(context, { uid: derivedUid('oasis-preread-sc-series', context.study.id), number: 9002, description: 'Oasis AI pre-read (overlay)' }, result.completedAt),
    Modality: 'US',
    ConversionType: 'WSD',
    ImageType: ['DERIVED', 'SECONDARY'],
    DerivationDescription: 'AI pre-read boxes burned into the frame the model read',
    BurnedInAnnotation: 'YES',
    InstanceNumber: 1,
    SamplesPerPixel: 3,
    PhotometricInterpretation: 'RGB',
    PlanarConfiguration: 0,
    Rows: pixels.info.height,
    Columns: pixels.info.width,
    BitsAllocated: 8,
    BitsStored: 8,
    HighBit: 7,
    PixelRepresentation: 0,
    ...(result.pixelSpacingMm ? { PixelSpacing: [result.pixelSpacingMm.y / sy, result.pixelSpacingMm.x / sx] } : {}),
    PixelData: [data.buffer.slice(data.byteOffset, data.byteOffset + data.length)],
    _vrMap: { PixelData: 'OB' },
  };
  return exportedObject(SECONDARY_CAPTURE_STORAGE, sopInstanceUid, dataset);
}
