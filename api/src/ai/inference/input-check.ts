import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCode } from '../../common/error-codes.js';
import { batchTensorData } from './preprocess.js';
import type { AnatomicalRegion } from './region.js';
import { InlineRunner, type SessionRunner, ThreadRunner } from './session-runner.js';

/** The input check's folder under the models directory (models/input-check/<version>/). */
export const INPUT_CHECK_FOLDER = 'input-check';

export type RefusalCode = ErrorCode.NOT_ULTRASOUND | ErrorCode.WRONG_REGION | ErrorCode.UNSUPPORTED_MODE;

export interface Refusal {
  code: RefusalCode;
  message: string;
}

interface InputCheckCard {
  classes: string[];
  inputs: Array<{ name: string; shape: Array<number | 'N'> }>;
  refusal: { refuseAt: number; wrongRegionAt?: number };
}

/** More than this share of clearly coloured pixels: a colour Doppler or elastography overlay, not B-mode. */
export const MAX_COLOUR_FRACTION = 0.02;

const REGION_NAMES: Record<string, string> = { breast: 'breast', thyroid: 'thyroid' };

export interface RefusalLevels {
  /** p(other) at or above this: not an ultrasound. */
  refuseAt: number;
  /** p(the other region) at or above this (and the study's own below refuseAt): wrong region. Chosen on val for few false refusals. */
  wrongRegionAt: number;
}

/**
 * The refusal, if any, for an image of a `region` study: colour first (from the decoded colour), then the
 * learned check's class probabilities ([breast, thyroid, other] per the card's `classes`).
 */
export function refusalFor(probabilities: number[], classes: string[], region: AnatomicalRegion, levels: RefusalLevels, colourFraction = 0): Refusal | null {
  const { refuseAt, wrongRegionAt } = levels;
  if (colourFraction > MAX_COLOUR_FRACTION) {
    return { code: ErrorCode.UNSUPPORTED_MODE, message: `${Math.round(colourFraction * 100)} % of the image is in colour (Doppler or elastography?): the AI reads grey-scale B-mode images only` };
  }
  const p = (name: string) => probabilities[classes.indexOf(name)] ?? 0;
  if (p('other') >= refuseAt) return { code: ErrorCode.NOT_ULTRASOUND, message: 'This image does not look like an ultrasound image' };
  const other = classes.find((c) => c !== 'other' && c !== region && REGION_NAMES[c]);
  if (other && p(region) < refuseAt && p(other) >= wrongRegionAt) {
    return { code: ErrorCode.WRONG_REGION, message: `This looks like a ${other} ultrasound, not a ${region} one: no ${region} pre-read` };
  }
  return null;
}

/** One image to check: its plane at the check's size (toModelInput), its colour, its study's region. */
export interface CheckedImage {
  plane: Uint8Array;
  colourFraction?: number;
  region: AnatomicalRegion;
}

/** The small learned check (models/training/train_input_check.py) that runs before every pre-read. */
export class InputCheck {
  private constructor(
    private readonly card: InputCheckCard,
    /** Side of the square input plane it reads. */
    readonly size: number,
    private readonly runner: SessionRunner,
  ) {}

  /**
   * The newest models/input-check/<version>; null when the installation has none (then nothing is refused by
   * it). `thread`: run the session in a worker thread (the API), so that it does not hold the event loop.
   */
  static async loadLatest(modelsDir: string, options: { thread?: boolean } = {}): Promise<InputCheck | null> {
    const root = join(modelsDir, INPUT_CHECK_FOLDER);
    if (!existsSync(root)) return null;
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, 'model.onnx')))
      .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
    if (versions.length === 0) return null;
    const dir = join(root, versions.at(-1)!);
    const path = join(dir, 'model-card.json');
    const card = JSON.parse(await readFile(path, 'utf8')) as InputCheckCard;
    const size = card.inputs?.[0]?.shape?.[2];
    if (!Array.isArray(card.classes) || typeof card.refusal?.refuseAt !== 'number' || typeof size !== 'number') {
      throw new Error(`Invalid input-check card ${path}: needs classes, refusal.refuseAt and inputs[0].shape`);
    }
    const open = options.thread ? ThreadRunner.open : InlineRunner.open;
    return new InputCheck(card, size, await open(join(dir, 'model.onnx'), { providers: ['cpu'], threads: 1 }));
  }

  /** Each image's refusal or null, from one run over all of them. */
  async checkAll(images: CheckedImage[]): Promise<Array<Refusal | null>> {
    if (images.length === 0) return [];
    if (images.some((image) => image.plane.length !== this.size * this.size)) throw new Error(`Input-check planes must be ${this.size}×${this.size}`);
    const outputs = await this.runner.run(batchTensorData(images.map((image) => image.plane)), [images.length, 1, this.size, this.size]);
    const classes = this.card.classes.length;
    const probabilities = outputs.region.data as Float32Array;
    const { refuseAt, wrongRegionAt = refuseAt } = this.card.refusal;
    return images.map((image, i) =>
      refusalFor(Array.from(probabilities.subarray(i * classes, (i + 1) * classes)), this.card.classes, image.region, { refuseAt, wrongRegionAt }, image.colourFraction ?? 0),
    );
  }

  release(): Promise<void> {
    return this.runner.release();
  }
}
