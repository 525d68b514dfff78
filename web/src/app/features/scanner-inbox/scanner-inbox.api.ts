import { inject, Injectable } from '@angular/core';
import { Api } from '../../core/graphql/api';

export interface ScannerInboxEntry {
  id: string;
  studyInstanceUid: string | null;
  studyDate: string | null;
  instances: number;
  receivedAt: string;
  deviceLabel: string;
  patient: { name: string | null; id: string | null; sex: string; birthDate: string | null };
  candidates: Array<{ id: string; name: string; birthDate: string | null; matchedBy: string }>;
}

const LIST = `query DicomInbox { dicomInbox { id studyInstanceUid studyDate instances receivedAt deviceLabel
  patient { name id sex birthDate } candidates { id name birthDate matchedBy } } }`;
const RESOLVE = 'mutation ResolveDicomInbox($input: ResolveDicomInboxInput!) { resolveDicomInbox(input: $input) { id } }';

/** The unmatched inbox of the DICOM receiver: images a scanner sent whose patient is not known yet. */
@Injectable({ providedIn: 'root' })
export class ScannerInboxApi {
  private readonly api = inject(Api);

  async list(signal?: AbortSignal): Promise<ScannerInboxEntry[]> {
    return (await this.api.request<{ dicomInbox: ScannerInboxEntry[] }>(LIST, undefined, signal)).dicomInbox;
  }

  /** Files the entry's images for a registered patient, or for one registered from their tags; answers the study. */
  async resolve(entryId: string, patient: { patientId: string } | { createPatient: true }): Promise<string> {
    return (await this.api.request<{ resolveDicomInbox: { id: string } }>(RESOLVE, { input: { entryId, ...patient } })).resolveDicomInbox.id;
  }
}
