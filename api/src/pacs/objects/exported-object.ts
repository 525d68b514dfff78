import type { NaturalizedDataset } from 'dcmjs';
import { writePart10 } from '../../imaging/dicom/write-part10.js';

/** A DICOM object ready to send: its identity and the Part 10 file. */
export interface ExportedObject {
  sopClassUid: string;
  sopInstanceUid: string;
  bytes: Uint8Array;
}

/** The dataset as a Part 10 file (Explicit VR Little Endian), with its SOP class and instance set in both places. */
export function exportedObject(sopClassUid: string, sopInstanceUid: string, dataset: NaturalizedDataset): ExportedObject {
  return { sopClassUid, sopInstanceUid, bytes: writePart10({ ...dataset, SOPClassUID: sopClassUid, SOPInstanceUID: sopInstanceUid }, { sopClassUid, sopInstanceUid }) };
}
