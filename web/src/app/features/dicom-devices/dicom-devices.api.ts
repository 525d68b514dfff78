import { inject, Injectable } from '@angular/core';
import { Api } from '../../core/graphql/api';
import type { AnatomicalRegion } from '../../core/models/study';

export interface DicomDevice {
  id: string;
  institutionId: string;
  aeTitle: string;
  address: string | null;
  label: string;
  region: AnatomicalRegion;
  active: boolean;
  /** It has a STOW-RS secret: it may also send by DICOMweb. */
  dicomweb: boolean;
}

export interface DicomDeviceInput {
  institutionId: string;
  aeTitle: string;
  address: string | null;
  label: string;
  region: AnatomicalRegion;
}

const FIELDS = 'id institutionId aeTitle address label region active dicomweb';
const LIST = `query DicomDevices { dicomDevices { ${FIELDS} } }`;
const REGISTER = `mutation RegisterDicomDevice($input: RegisterDicomDeviceInput!) { registerDicomDevice(input: $input) { ${FIELDS} } }`;
const DEACTIVATE = `mutation DeactivateDicomDevice($id: ID!) { deactivateDicomDevice(id: $id) { ${FIELDS} } }`;
const ISSUE_SECRET = 'mutation IssueDicomwebSecret($id: ID!) { issueDicomwebSecret(id: $id) }';

/** Scanners and PACS allowed to send images over DICOM (admins of the institution's tree). */
@Injectable({ providedIn: 'root' })
export class DicomDevicesApi {
  private readonly api = inject(Api);

  async list(signal?: AbortSignal): Promise<DicomDevice[]> {
    return (await this.api.request<{ dicomDevices: DicomDevice[] }>(LIST, undefined, signal)).dicomDevices;
  }

  async register(input: DicomDeviceInput): Promise<DicomDevice> {
    return (await this.api.request<{ registerDicomDevice: DicomDevice }>(REGISTER, { input })).registerDicomDevice;
  }

  async deactivate(id: string): Promise<DicomDevice> {
    return (await this.api.request<{ deactivateDicomDevice: DicomDevice }>(DEACTIVATE, { id })).deactivateDicomDevice;
  }

  /** A new STOW-RS secret (shown once; the previous one stops working). */
  async issueSecret(id: string): Promise<string> {
    return (await this.api.request<{ issueDicomwebSecret: string }>(ISSUE_SECRET, { id })).issueDicomwebSecret;
  }
}
