import { max, maxLength, min, pattern, required, schema } from '@angular/forms/signals';
import type { PacsDestinationInput } from './pacs.api';

/** How Oasis reaches the PACS: DICOM (C-STORE to AE title, host, port) or DICOMweb (STOW-RS to a URL). */
export type PacsVia = 'dimse' | 'dicomweb';

/** What the form edits; only the fields of the chosen way are sent. */
export interface DestinationDraft {
  institutionId: string;
  label: string;
  via: PacsVia;
  aeTitle: string;
  host: string;
  port: number;
  dicomwebUrl: string;
}

/** The rules the API applies (RegisterPacsDestinationInput). */
export const destinationSchema = schema<DestinationDraft>((path) => {
  const dimse = { when: ({ valueOf }: { valueOf: (p: typeof path.via) => PacsVia }) => valueOf(path.via) === 'dimse' };
  required(path.institutionId);
  required(path.label);
  maxLength(path.label, 200);
  required(path.aeTitle, dimse);
  pattern(path.aeTitle, /^[\x20-\x5b\x5d-\x7e]{1,16}$/);
  required(path.host, dimse);
  required(path.port, dimse);
  min(path.port, 1);
  max(path.port, 65535);
  required(path.dicomwebUrl, { when: ({ valueOf }) => valueOf(path.via) === 'dicomweb' });
  pattern(path.dicomwebUrl, /^https?:\/\/\S+$/, { message: 'pacs.urlRule' });
});

export const emptyDestination = (institutionId = ''): DestinationDraft => ({ institutionId, label: '', via: 'dimse', aeTitle: '', host: '', port: 104, dicomwebUrl: '' });

export const toDestinationInput = (d: DestinationDraft): PacsDestinationInput =>
  d.via === 'dicomweb'
    ? { institutionId: d.institutionId, label: d.label.trim(), dicomwebUrl: d.dicomwebUrl.trim() }
    : { institutionId: d.institutionId, label: d.label.trim(), aeTitle: d.aeTitle.trim(), host: d.host.trim(), port: Number(d.port) };
