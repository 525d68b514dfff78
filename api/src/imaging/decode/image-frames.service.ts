import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import sharp from 'sharp';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { BLOB_STORE, type BlobStore } from '../../storage/blob-store.js';
import type { GrayImage } from '../gray-image.js';
import type { StudyImage } from '../study-image.entity.js';
import type { KeptImage } from './decode-job.js';
import { DecodePool } from './decode-pool.js';

/** Largest side of the frame handed to the model's preprocessing (see gray). */
const MODEL_SOURCE_MAX_SIDE = 1024;

/**
 * Decode once, off the event loop: an upload is decoded in the pool and each frame kept as a grayscale PNG
 * blob; views, pre-reads, reports and teaching cases read the kept frame instead of decoding the file again.
 * Images stored before frames were kept are decoded (in the pool) for the one frame asked for.
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

  /** Stores the decoded frames' PNGs; returns their SHA-256s in frame order. */
  async keep(image: KeptImage): Promise<string[]> {
    const shas: string[] = [];
    for (const frame of image.frames) shas.push(await this.blobs.put(frame.png));
    return shas;
  }

  /** The frame as the viewer gets it. */
  async png(image: Pick<StudyImage, 'blobSha256' | 'frameIndex' | 'framePngSha256'>): Promise<Buffer> {
    if (image.framePngSha256) return this.blobs.get(image.framePngSha256);
    return Buffer.from(await this.pool.frame(await this.blobs.get(image.blobSha256), image.frameIndex));
  }

  /**
   * The frame as the model gets it: 8-bit gray pixels (libvips decodes the PNG on its own threads). A frame
   * larger than MODEL_SOURCE_MAX_SIDE is shrunk by libvips too, so that the model's own resize (JavaScript, on
   * the event loop) never works through a huge hostile or cine frame; ultrasound frames are smaller and are
   * given as they are. Sizes in pixels and mm come from the image's own width and height, not from this.
   */
  async gray(image: Pick<StudyImage, 'blobSha256' | 'frameIndex' | 'framePngSha256' | 'colourFraction' | 'width' | 'height'>): Promise<GrayImage> {
    let decoder = sharp(await this.png(image)).extractChannel(0);
    const scale = MODEL_SOURCE_MAX_SIDE / Math.max(image.width, image.height);
    if (scale < 1) decoder = decoder.resize(Math.max(1, Math.round(image.width * scale)), Math.max(1, Math.round(image.height * scale)), { fit: 'fill', kernel: 'linear' });
    const { data, info } = await decoder.raw().toBuffer({ resolveWithObject: true });
    const pixels = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    return { width: info.width, height: info.height, data: pixels, ...(image.colourFraction !== null ? { colourFraction: image.colourFraction } : {}) };
  }

  onApplicationShutdown(): Promise<void> {
    return this.pool.close();
  }
}
