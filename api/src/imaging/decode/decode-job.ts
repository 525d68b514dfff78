import type { Calibration } from '../calibration.js';
import type { DicomImage } from '../dicom/dicom-image.js';
import { encodeGrayPng } from '../encode-png.js';
import { ImagingError, type ImagingProblem } from '../imaging-error.js';
import { decodeImage } from './decode-image.js';
import type { DecodeLimits } from './decode-limits.js';
import { packPlanes } from './model-planes.js';
import type { ImageFormat } from './sniff-format.js';

/** One frame as it is kept: the 8-bit grayscale PNG the viewer shows, and the model inputs made from it. */
export interface KeptFrame {
  width: number;
  height: number;
  png: Uint8Array;
  /** packPlanes: the frame resized for the pre-read model and the input check. */
  modelInput: Uint8Array;
  /** From GrayImage.colourFraction: what the grey PNG no longer shows. */
  colourFraction?: number;
}

/** A decoded upload without its pixels: the frames are PNGs, the DICOM attributes are kept for the import. */
export interface KeptImage {
  format: ImageFormat;
  calibration: Calibration;
  dicom?: Omit<DicomImage, 'frames'>;
  frames: KeptFrame[];
}

export type DecodeRequest =
  | { kind: 'keep'; bytes: Uint8Array; limits?: DecodeLimits }
  /** One frame of an image stored before frames were kept: its PNG, or (with `sides`) only its model input planes. */
  | { kind: 'frame'; bytes: Uint8Array; frameIndex: number; sides?: number[] };

export type DecodeReply = { ok: true; image: KeptImage } | { ok: false; problem: ImagingProblem; message: string; details: Record<string, unknown> };

/**
 * What a decode worker does with one request (decode-worker.ts runs it; it is plain code so that it can be
 * tested and run in-process too): decode, keep every frame (or one, for rows stored before frames were kept)
 * as a PNG with its model inputs, and describe a refusal so that it can cross the thread boundary.
 */
export async function runDecodeJob(request: DecodeRequest): Promise<DecodeReply> {
  try {
    const decoded = await decodeImage(request.bytes, request.kind === 'keep' ? request.limits : undefined);
    const frames = request.kind === 'keep' ? decoded.frames : [decoded.frames[request.frameIndex] ?? decoded.frames[0]!];
    const { frames: _pixels, ...dicom } = decoded.dicom ?? { frames: [] };
    return {
      ok: true,
      image: {
        format: decoded.format,
        calibration: decoded.calibration,
        ...(decoded.dicom ? { dicom: dicom as Omit<DicomImage, 'frames'> } : {}),
        // A copy in its own ArrayBuffer (small Buffers share a pool), so that it can be transferred. A single
        // frame asked for is made only in the form the caller reads (the other is left empty).
        frames: frames.map((frame) => ({
          width: frame.width,
          height: frame.height,
          png: request.kind === 'frame' && request.sides ? new Uint8Array(0) : new Uint8Array(encodeGrayPng(frame)),
          modelInput: request.kind === 'keep' ? packPlanes(frame) : request.sides ? packPlanes(frame, request.sides) : new Uint8Array(0),
          colourFraction: frame.colourFraction,
        })),
      },
    };
  } catch (error) {
    if (error instanceof ImagingError) {
      const { code: _code, reason: _reason, http: _http, ...details } = error.extensions;
      return { ok: false, problem: error.problem, message: error.message, details };
    }
    return { ok: false, problem: 'IMAGE_CORRUPT', message: 'The file could not be read as an image', details: { cause: String((error as Error)?.message ?? error).slice(0, 200) } };
  }
}
