import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import sharp from 'sharp';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { BLOB_STORE, type BlobStore } from '../../storage/blob-store.js';
import type { GrayImage } from '../gray-image.js';
import type { StudyImage } from '../study-image.entity.js';
import type { KeptImage } from './decode-job.js';
import { DecodePool } from './decode-pool.js';
import { unpackPlanes } from './model-planes.js';

/** The blobs kept for one frame (ImageFrames.keep). */
export interface KeptFrameBlobs {
  png: string;
  modelInput: string;
}

/**
 * Decode once, off the event loop: an upload is decoded in the pool and each frame kept as a grayscale PNG
 * blob with its model inputs (model-planes.ts) beside it; views, reports and teaching cases read the kept
 * frame and pre-reads the kept model inputs, instead of decoding the file again. For images stored before,
 * the pool decodes the one frame asked for.
 */
@Injectable()
export class ImageFrames implements OnApplicationShutdown {
  private readonly pool: DecodePool;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {
    this.pool = new DecodePool({ size: config.decodeWorkers, memoryMb: config.decodeWorkerMemoryMb, timeoutMs: config.decodeTimeoutMs });
  }

  /** Decodes an uploaded file in the pool; refusals are ImagingErrors (IMAGE_DECODE_FAILED when the worker died). */
  decode(bytes: Uint8Array): Promise<KeptImage> {
    return this.pool.keep(bytes);
  }

  /** A file's frames as 8-bit gray pixels, decoded in the pool, for material that is not kept as a study image. */
  async decodeGray(bytes: Uint8Array): Promise<{ format: KeptImage['format']; calibration: KeptImage['calibration']; frames: GrayImage[] }> {
    const kept = await this.pool.keep(bytes);
    return { format: kept.format, calibration: kept.calibration, frames: await Promise.all(kept.frames.map((f) => grayOf(f.png, f.colourFraction ?? null))) };
  }

  /** Stores the decoded frames' PNGs and model inputs; returns their SHA-256s in frame order. */
  async keep(image: KeptImage): Promise<KeptFrameBlobs[]> {
    const kept: KeptFrameBlobs[] = [];
    for (const frame of image.frames) kept.push({ png: await this.blobs.put(frame.png), modelInput: await this.blobs.put(frame.modelInput) });
    return kept;
  }

  /** The frame as the viewer gets it. */
  async png(image: Pick<StudyImage, 'blobSha256' | 'frameIndex' | 'framePngSha256'>): Promise<Buffer> {
    if (image.framePngSha256) return this.blobs.get(image.framePngSha256);
    return Buffer.from(await this.pool.frame(await this.blobs.get(image.blobSha256), image.frameIndex));
  }

  /** The kept frame's 8-bit gray pixels, decoded by libvips on its own threads. */
  async gray(image: Pick<StudyImage, 'blobSha256' | 'frameIndex' | 'framePngSha256' | 'colourFraction'>): Promise<GrayImage> {
    return grayOf(await this.png(image), image.colourFraction);
  }

  /**
   * All these frames of one file (`original`), in their order: as kept, or, for a file stored before frames were
   * kept, from one decode of it rather than one per frame.
   */
  async grayFrames(frames: Array<Pick<StudyImage, 'blobSha256' | 'frameIndex' | 'framePngSha256' | 'colourFraction'>>, original: Uint8Array): Promise<GrayImage[]> {
    if (frames.every((f) => f.framePngSha256)) return Promise.all(frames.map((f) => this.gray(f)));
    const decoded = (await this.pool.keep(original)).frames;
    return Promise.all(frames.map((f) => grayOf((decoded[f.frameIndex] ?? decoded[0]!).png, f.colourFraction)));
  }

  /**
   * The frame's model input planes by side (each side×side, as toModelInput makes them): read as kept at
   * upload, with no decoding or resizing here; for images stored before, or sides not kept, made in the pool
   * from the kept PNG (or the original file), never on the event loop.
   */
  async modelInput(image: Pick<StudyImage, 'blobSha256' | 'frameIndex' | 'framePngSha256' | 'modelInputSha256'>, sides: number[]): Promise<Map<number, Uint8Array>> {
    if (image.modelInputSha256) {
      const planes = unpackPlanes(await this.blobs.get(image.modelInputSha256));
      if (planes && sides.every((side) => planes.has(side))) return planes;
    }
    const packed = image.framePngSha256
      ? await this.pool.modelInput(await this.blobs.get(image.framePngSha256), 0, sides)
      : await this.pool.modelInput(await this.blobs.get(image.blobSha256), image.frameIndex, sides);
    return unpackPlanes(packed)!;
  }

  onApplicationShutdown(): Promise<void> {
    return this.pool.close();
  }
}

/** A kept frame's PNG as 8-bit gray pixels, decoded by libvips on its own threads. */
async function grayOf(png: Uint8Array, colourFraction: number | null): Promise<GrayImage> {
  const { data, info } = await sharp(png).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  const pixels = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return { width: info.width, height: info.height, data: pixels, ...(colourFraction !== null ? { colourFraction } : {}) };
}
