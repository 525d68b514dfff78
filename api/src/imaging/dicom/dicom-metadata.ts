import type { NaturalizedDataset } from 'dcmjs';
import type { DicomImage } from './dicom-image.js';
import { firstValue, stringOf } from './dataset-values.js';

export type DicomMetadata = Omit<DicomImage, 'frames' | 'calibration' | 'transferSyntaxUid' | 'photometric' | 'warnings'>;

/** Identifying and descriptive attributes; text is already decoded from its SpecificCharacterSet by dcmjs. */
export function readMetadata(ds: NaturalizedDataset): DicomMetadata {
  return {
    sopInstanceUid: stringOf(ds.SOPInstanceUID),
    studyInstanceUid: stringOf(ds.StudyInstanceUID),
    seriesInstanceUid: stringOf(ds.SeriesInstanceUID),
    modality: stringOf(ds.Modality),
    studyDate: isoDate(ds.StudyDate),
    studyDescription: stringOf(ds.StudyDescription),
    bodyPartExamined: stringOf(ds.BodyPartExamined),
    manufacturer: stringOf(ds.Manufacturer),
    manufacturerModelName: stringOf(ds.ManufacturerModelName),
    patient: {
      name: personName(ds.PatientName),
      id: stringOf(ds.PatientID),
      sex: sex(ds.PatientSex),
      birthDate: isoDate(ds.PatientBirthDate),
    },
  };
}

/**
 * A readable name from a DICOM PN: "Family^Given^Middle^Prefix^Suffix" becomes the non-empty components
 * joined by spaces ("王^芳" → "王 芳"). The alphabetic group is preferred, then ideographic, then phonetic.
 */
export function personName(value: unknown): string | null {
  const v = firstValue(value);
  let raw: string | null = null;
  if (typeof v === 'string') raw = v.split('=')[0] ?? null;
  else if (v && typeof v === 'object') {
    const pn = v as { Alphabetic?: unknown; Ideographic?: unknown; Phonetic?: unknown };
    raw = [pn.Alphabetic, pn.Ideographic, pn.Phonetic].map(stringOf).find((s) => s !== null) ?? null;
  }
  if (raw === null) return null;
  const name = raw
    .split('^')
    .map((part) => part.replace(/\0/g, '').trim())
    .filter((part) => part !== '')
    .join(' ');
  return name === '' ? null : name;
}

function sex(value: unknown): 'F' | 'M' | 'O' | null {
  const s = stringOf(value)?.toUpperCase();
  return s === 'F' || s === 'M' || s === 'O' ? s : null;
}

/** DICOM DA "YYYYMMDD" (or the old "YYYY.MM.DD") → "YYYY-MM-DD"; null unless it is a real calendar date. */
export function isoDate(value: unknown): string | null {
  const match = /^(\d{4})\.?(\d{2})\.?(\d{2})$/.exec(stringOf(value) ?? '');
  if (!match) return null;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  const real = y >= 1800 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  return real ? `${match[1]}-${match[2]}-${match[3]}` : null;
}
