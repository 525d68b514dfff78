import { createHash } from 'node:crypto';
import type { NaturalizedDataset } from 'dcmjs';
import type { GrayImage } from '../../imaging/gray-image.js';
import { readCalibration } from '../../imaging/dicom/dicom-calibration.js';
import { readMetadata } from '../../imaging/dicom/dicom-metadata.js';
import { parsePart10 } from '../../imaging/dicom/parse-part10.js';
import { DEFAULT_DICOM_LIMITS } from '../../imaging/dicom/read-dicom.js';
import { writePart10 } from '../../imaging/dicom/write-part10.js';
import { cleanPixels, describeCleaning } from './clean-pixels.js';
import type { Box } from './text-boxes.js';

/**
 * Attributes a teaching case keeps: what describes the image, never who or where. Everything else, including
 * every attribute the PS3.15 Basic Application Confidentiality Profile lists, private tags and unknown ones, is
 * dropped; keeping a short list is safer than removing a long one.
 */
const KEPT = [
  'Modality',
  'BodyPartExamined',
  'StudyDescription',
  'SeriesDescription',
  'Manufacturer',
  'ManufacturerModelName',
  'PixelSpacing',
  'SequenceOfUltrasoundRegions',
  'PatientSex',
] as const;

/** DICOM's own codes for what was done (CID 7050). */
const METHOD_CODES = [
  { CodeValue: '113100', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Basic Application Confidentiality Profile' },
  { CodeValue: '113101', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Clean Pixel Data Option' },
];

const ULTRASOUND_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.6.1';
const ULTRASOUND_MULTIFRAME_STORAGE = '1.2.840.10008.5.1.4.1.1.3.1';
/** UIDs derived under this root replace the originals (PS3.15 action U), consistently for one case. */
const UID_ROOT = '2.25';

export interface DeidentifiedDicom {
  dicom: Uint8Array;
  frames: GrayImage[];
  method: string;
}

/** A new UID that cannot be traced back without the case's secret, the same for the same input. */
function replacementUid(original: string | null, caseId: string, salt: string): string {
  const digest = createHash('sha256').update(`${salt}|${caseId}|${original ?? ''}`).digest();
  return `${UID_ROOT}.${BigInt(`0x${digest.subarray(0, 16).toString('hex')}`).toString()}`;
}

/**
 * De-identifies one ultrasound DICOM file for teaching: PS3.15 Basic Profile on the attributes (by keeping only
 * non-identifying ones) and the Clean Pixel Data option on every frame, recorded in the file itself
 * (PatientIdentityRemoved, DeidentificationMethod and its code sequence). The pixels are written as 8-bit
 * grayscale, uncompressed. `frames` are the file's frames as kept at upload (ImageFrames): the attributes are
 * read from the file, its pixels are not decoded again. `blank`: the boxes the clinician chose (cleanPixels).
 */
export function deidentifyDicom(buffer: Uint8Array, frames: GrayImage[], caseId: string, options: { salt: string; blank?: Box[] }): DeidentifiedDicom {
  const { dataset: original } = parsePart10(buffer, DEFAULT_DICOM_LIMITS.maxDecodedBytes);
  const calibration = readCalibration(original);
  const ids = readMetadata(original);
  const cleaned = frames.map((frame) => cleanPixels(frame, calibration, options.blank));
  const method = `Oasis de-identification: PS3.15 Basic Profile (attributes kept by allow-list, UIDs replaced); Clean Pixel Data Option (${cleaned[0] ? describeCleaning(cleaned[0]) : 'no frames'})`;
  const [first] = frames;
  const sopInstanceUid = replacementUid(ids.sopInstanceUid, caseId, options.salt);
  const dataset: NaturalizedDataset = {
    _vrMap: { PixelData: 'OB' },
    SOPClassUID: frames.length > 1 ? ULTRASOUND_MULTIFRAME_STORAGE : ULTRASOUND_IMAGE_STORAGE,
    SOPInstanceUID: sopInstanceUid,
    StudyInstanceUID: replacementUid(ids.studyInstanceUid, caseId, options.salt),
    SeriesInstanceUID: replacementUid(ids.seriesInstanceUid, caseId, options.salt),
    PatientName: [{ Alphabetic: 'ANONYMOUS' }],
    PatientID: caseId,
    PatientIdentityRemoved: 'YES',
    DeidentificationMethod: method.slice(0, 64),
    DeidentificationMethodCodeSequence: METHOD_CODES,
    SpecificCharacterSet: 'ISO_IR 192',
    Rows: first.height,
    Columns: first.width,
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    BitsAllocated: 8,
    BitsStored: 8,
    HighBit: 7,
    PixelRepresentation: 0,
    ...(frames.length > 1 ? { NumberOfFrames: String(frames.length) } : {}),
    PixelData: [concat(cleaned.map((c) => c.frame.data)).buffer],
  };
  for (const keyword of KEPT) if (original[keyword] !== undefined) dataset[keyword] = original[keyword];
  return { dicom: writePart10(dataset, { sopClassUid: dataset.SOPClassUID as string, sopInstanceUid }), frames: cleaned.map((c) => c.frame), method };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
