import type { Calibration } from '../../imaging/calibration.js';
import type { GrayImage } from '../../imaging/gray-image.js';
import { type Findings, toFindings } from './postprocess.js';
import type { PreReadModel } from './pre-read-model.js';
import { toModelInput } from './preprocess.js';

export interface PreReadImage {
  frame: GrayImage;
  calibration: Calibration;
}

/**
 * The product's AI pre-read of decoded frames (from decodeImage): preprocess, batched inference, findings.
 * The evaluation runs exactly this function, so its figures describe what users get.
 */
export async function preRead(model: PreReadModel, images: PreReadImage[]): Promise<Findings[]> {
  const outputs = await model.predict(images.map(({ frame }) => toModelInput(frame, model.inputSize)));
  return outputs.map((output, i) =>
    toFindings(output, {
      card: model.card,
      frameWidth: images[i].frame.width,
      frameHeight: images[i].frame.height,
      calibration: images[i].calibration,
      region: model.card.region,
    }),
  );
}
