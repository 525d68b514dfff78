/** A DICOM object ready to send: its identity and the Part 10 file. */
export interface ExportedObject {
  sopClassUid: string;
  sopInstanceUid: string;
  bytes: Uint8Array;
}
