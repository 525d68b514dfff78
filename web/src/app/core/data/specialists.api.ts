import { inject, Injectable } from '@angular/core';
import { Api } from '../graphql/api';
import type { AnatomicalRegion } from '../models/study';

/** A specialist of a partner hospital, as a township doctor picks a preferred reader. */
export interface PartnerSpecialist {
  id: string;
  displayName: string;
  institutionId: string;
  /** Regions they read; empty means every region. */
  focus: AnatomicalRegion[];
}

const FOCUS = `query SpecialistFocus($id: ID!) { user(id: $id) { id focusRegions } }`;
const SET_FOCUS = `mutation SetSpecialistFocus($userId: ID!, $regions: [AnatomicalRegion!]!) { setSpecialistFocus(userId: $userId, regions: $regions) }`;
const PARTNERS = `query PartnerSpecialists($institutionId: ID!) { partnerSpecialists(institutionId: $institutionId) { id displayName institutionId focus } }`;

/** Which regions specialists read: consult routing follows it. */
@Injectable({ providedIn: 'root' })
export class SpecialistsApi {
  private readonly api = inject(Api);

  async focus(userId: string, signal?: AbortSignal): Promise<AnatomicalRegion[]> {
    return (await this.api.request<{ user: { focusRegions: AnatomicalRegion[] } }>(FOCUS, { id: userId }, signal)).user.focusRegions;
  }

  async setFocus(userId: string, regions: AnatomicalRegion[]): Promise<AnatomicalRegion[]> {
    return (await this.api.request<{ setSpecialistFocus: AnatomicalRegion[] }>(SET_FOCUS, { userId, regions })).setSpecialistFocus;
  }

  async partners(institutionId: string, signal?: AbortSignal): Promise<PartnerSpecialist[]> {
    return (await this.api.request<{ partnerSpecialists: PartnerSpecialist[] }>(PARTNERS, { institutionId }, signal)).partnerSpecialists;
  }
}
