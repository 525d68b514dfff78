import { inject, Injectable } from '@angular/core';
import { Api } from '../graphql/api';
import { Subscriptions, type SubscriptionHandlers } from '../graphql/subscriptions';
import { type AnatomicalRegion, PRE_READ_FIELDS, type PreRead, type Study, STUDY_FIELDS, STUDY_LIST_FIELDS, STUDY_SUMMARY_FIELDS, type StudySummary } from '../models/study';

export interface StudyInput {
  patientId: string;
  region: AnatomicalRegion;
  description: string | null;
  uploaderMmPerPixel: number | null;
}

const LIST = `query Studies($filter: StudiesFilter) { studies(filter: $filter) { ${STUDY_LIST_FIELDS} } }`;
const ONE = `query Study($id: ID!) { study(id: $id) { ${STUDY_FIELDS} } }`;
// createStudy answers null for `images` today (a new study has none): ask for the study's own fields only.
const CREATE = `mutation CreateStudy($input: CreateStudyInput!) { createStudy(input: $input) { ${STUDY_SUMMARY_FIELDS} } }`;
const PRE_READ_UPDATED = `subscription PreReadUpdated($studyId: ID!) { preReadUpdated(studyId: $studyId) { ${PRE_READ_FIELDS} } }`;

/** Studies (a patient's examinations), their images and the AI second opinion on each image. */
@Injectable({ providedIn: 'root' })
export class StudiesApi {
  private readonly api = inject(Api);
  private readonly subscriptions = inject(Subscriptions);

  /** A patient's studies, newest first (at most 50), with only the status of each image's pre-read. */
  async forPatient(patientId: string, signal?: AbortSignal): Promise<StudySummary[]> {
    return (await this.api.request<{ studies: StudySummary[] }>(LIST, { filter: { patientId } }, signal)).studies;
  }

  async get(id: string, signal?: AbortSignal): Promise<Study> {
    return (await this.api.request<{ study: Study }>(ONE, { id }, signal)).study;
  }

  async create(input: StudyInput): Promise<Study> {
    const study = (await this.api.request<{ createStudy: Omit<Study, 'images'> }>(CREATE, { input })).createStudy;
    return { ...study, images: [] };
  }

  /** Pre-reads of the study as they complete or fail, each the whole result; returns the function that stops listening. */
  preReadUpdates(studyId: string, handlers: SubscriptionHandlers<PreRead>): () => void {
    return this.subscriptions.subscribe<{ preReadUpdated: PreRead }>(
      PRE_READ_UPDATED,
      { ...handlers, next: (data) => handlers.next(data.preReadUpdated) },
      { studyId },
    );
  }
}
