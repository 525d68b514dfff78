import type { Calibration } from '../calibration.js';
import type { GrayImage } from '../gray-image.js';

/** What Oasis reads from one DICOM Part 10 file. */
export interface DicomImage {
  frames: GrayImage[];
  calibration: Calibration;
  transferSyntaxUid: string;
  /** PhotometricInterpretation as stored (the frames are gray whatever it is). */
  photometric: string;
  /** Container quirks accepted while reading (for the log and imaging:inspect). */
  warnings: string[];
  sopInstanceUid: string | null;
  studyInstanceUid: string | null;
  seriesInstanceUid: string | null;
  modality: string | null;
  studyDate: string | null;
  studyDescription: string | null;
  bodyPartExamined: string | null;
  manufacturer: string | null;
  manufacturerModelName: string | null;
  patient: {
    name: string | null;
    id: string | null;
    sex: 'F' | 'M' | 'O' | null;
    /** YYYY-MM-DD */
    birthDate: string | null;
  };
}
