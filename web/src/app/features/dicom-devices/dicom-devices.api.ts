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
}

export interface DicomDeviceInput {
  institutionId: string;
  aeTitle: string;
  address: string | null;
  label: string;
  region: AnatomicalRegion;
}

const FIELDS = 'id institutionId aeTitle address label region active';
const LIST = `query DicomDevices { dicomDevices { ${FIELDS} } }`;
const REGISTER = `mutation RegisterDicomDevice($input: RegisterDicomDeviceInput!) { registerDicomDevice(input: $input) { ${FIELDS} } }`;
const DEACTIVATE = `mutation DeactivateDicomDevice($id: ID!) { deactivateDicomDevice(id: $id) { ${FIELDS} } }`;

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
}
