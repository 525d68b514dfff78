import { inject, Injectable } from '@angular/core';
import { Api } from '../../core/graphql/api';

export interface PacsDestination {
  id: string;
  institutionId: string;
  label: string;
  aeTitle: string | null;
  host: string | null;
  port: number | null;
  dicomwebUrl: string | null;
  active: boolean;
}

/** A DIMSE peer (AE title, host, port) or a DICOMweb URL. */
export type PacsDestinationInput = { institutionId: string; label: string } & ({ aeTitle: string; host: string; port: number } | { dicomwebUrl: string });

export type PacsSendKind = 'PRE_READ' | 'REPORT';

export interface PacsSend {
  id: string;
  kind: PacsSendKind;
  status: 'QUEUED' | 'SENT';
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
}

const FIELDS = 'id institutionId label aeTitle host port dicomwebUrl active';
const LIST = `query PacsDestinations { pacsDestinations { ${FIELDS} } }`;
const REGISTER = `mutation RegisterPacsDestination($input: RegisterPacsDestinationInput!) { registerPacsDestination(input: $input) { ${FIELDS} } }`;
const DEACTIVATE = `mutation DeactivatePacsDestination($id: ID!) { deactivatePacsDestination(id: $id) { ${FIELDS} } }`;
const SENDS = 'query StudyPacsSends($studyId: ID!) { studyPacsSends(studyId: $studyId) { id kind status attempts lastError sentAt } }';

/** Where results go (admins) and what of a study went there (its readers). */
@Injectable({ providedIn: 'root' })
export class PacsApi {
  private readonly api = inject(Api);

  async destinations(signal?: AbortSignal): Promise<PacsDestination[]> {
    return (await this.api.request<{ pacsDestinations: PacsDestination[] }>(LIST, undefined, signal)).pacsDestinations;
  }

  async register(input: PacsDestinationInput): Promise<PacsDestination> {
    return (await this.api.request<{ registerPacsDestination: PacsDestination }>(REGISTER, { input })).registerPacsDestination;
  }

  async deactivate(id: string): Promise<PacsDestination> {
    return (await this.api.request<{ deactivatePacsDestination: PacsDestination }>(DEACTIVATE, { id })).deactivatePacsDestination;
  }

  async sends(studyId: string, signal?: AbortSignal): Promise<PacsSend[]> {
    return (await this.api.request<{ studyPacsSends: PacsSend[] }>(SENDS, { studyId }, signal)).studyPacsSends;
  }
}
