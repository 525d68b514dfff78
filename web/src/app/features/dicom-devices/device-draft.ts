import { maxLength, pattern, required, schema } from '@angular/forms/signals';
import type { AnatomicalRegion } from '../../core/models/study';
import type { DicomDeviceInput } from './dicom-devices.api';

/** What the form edits: every value a string, '' meaning "none". */
export interface DeviceDraft {
  institutionId: string;
  aeTitle: string;
  address: string;
  label: string;
  region: AnatomicalRegion | '';
}

/** The rules the API applies (RegisterDicomDeviceInput): a DICOM AE title, an IPv4 or IPv6 address. */
const AE_TITLE = /^(?! *$)[\x20-\x5b\x5d-\x7e]{1,16}$/;
const ADDRESS = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F:]{2,45})$/;

export const deviceSchema = schema<DeviceDraft>((path) => {
  required(path.institutionId);
  required(path.aeTitle);
  pattern(path.aeTitle, AE_TITLE, { message: 'devices.aeTitleRule' });
  pattern(path.address, ADDRESS, { message: 'devices.addressRule' });
  required(path.label);
  maxLength(path.label, 200);
  required(path.region);
});

export const emptyDraft = (): DeviceDraft => ({ institutionId: '', aeTitle: '', address: '', label: '', region: '' });

export const toInput = (draft: DeviceDraft): DicomDeviceInput => ({
  institutionId: draft.institutionId,
  aeTitle: draft.aeTitle.trim(),
  address: draft.address.trim() || null,
  label: draft.label.trim(),
  region: draft.region as AnatomicalRegion,
});
