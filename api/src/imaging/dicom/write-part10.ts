import dcmjs from 'dcmjs';
import type { NaturalizedDataset } from 'dcmjs';
import { quietly } from './dcmjs-quietly.js';
import { TransferSyntax } from './transfer-syntax.js';

/** The implementation that wrote a file, as Part 10 asks every writer to say. */
export const IMPLEMENTATION_CLASS_UID = '1.2.826.0.1.3680043.10.1551.1';

/** Writes a naturalized dataset as a DICOM Part 10 file (Explicit VR Little Endian unless told otherwise). */
export function writePart10(
  dataset: NaturalizedDataset,
  ids: { sopClassUid: string; sopInstanceUid: string; transferSyntaxUid?: string; implementationVersion?: string },
): Uint8Array {
  const meta = dcmjs.data.DicomMetaDictionary.denaturalizeDataset({
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: ids.sopClassUid,
    MediaStorageSOPInstanceUID: ids.sopInstanceUid,
    TransferSyntaxUID: ids.transferSyntaxUid ?? TransferSyntax.explicitLittleEndian,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: ids.implementationVersion ?? 'OASIS',
  });
  const dict = new dcmjs.data.DicomDict(meta);
  dict.dict = quietly(() => dcmjs.data.DicomMetaDictionary.denaturalizeDataset(dataset));
  return new Uint8Array(quietly(() => dict.write()));
}
