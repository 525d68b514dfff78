import { inject, Injectable } from '@angular/core';
import { Api } from '../graphql/api';
import { Subscriptions, type SubscriptionHandlers } from '../graphql/subscriptions';
import { type Consult, CONSULT_FIELDS, CONSULT_HISTORY_FIELDS, type ConsultStatus, type ConsultWithHistory, type Urgency } from '../models/consult';
import type { AnatomicalRegion } from '../models/study';

export interface ConsultRequestInput {
  studyId: string;
  clinicalQuestion: string;
  urgency: Urgency;
  preferredSpecialistId?: string;
}

export interface MyConsultsFilter {
  status?: ConsultStatus;
  studyId?: string;
}

export interface WorklistFilter {
  region?: AnatomicalRegion;
  urgency?: Urgency;
  status?: ConsultStatus;
}

export interface ConsultPage {
  items: Consult[];
  nextCursor: string | null;
}

export const WORKLIST_PAGE_SIZE = 25;
const MY_CONSULTS_LIMIT = 100;

const REQUEST = `mutation RequestConsult($input: RequestConsultInput!) { requestConsult(input: $input) { ${CONSULT_FIELDS} } }`;
const MINE = `query MyConsults($filter: MyConsultsFilter) { myConsults(filter: $filter) { ${CONSULT_FIELDS} } }`;
const WORKLIST = `query Worklist($filter: WorklistFilter) { worklist(filter: $filter) { nextCursor items { ${CONSULT_FIELDS} } } }`;
const CLAIMED = `query MyClaimedConsults { myClaimedConsults { ${CONSULT_FIELDS} } }`;
const ONE = `query Consult($id: ID!) { consult(id: $id) { ${CONSULT_HISTORY_FIELDS} } }`;
const ACTION = (name: string) => `mutation ${name[0].toUpperCase()}${name.slice(1)}($id: ID!) { ${name}(id: $id) { ${CONSULT_HISTORY_FIELDS} } }`;
const CHANGED = `subscription ConsultChanged { consultChanged { ${CONSULT_FIELDS} } }`;

export type ConsultAction = 'claimConsult' | 'releaseConsult' | 'startConsultReview' | 'cancelConsult';

/**
 * Remote consultation: the township doctor asks a partner hospital's specialists about a study; they take
 * it from their worklist and review it. Used by the study page (asking, and the status of the request), the
 * doctor's list, the specialists' worklist and the consult page.
 */
@Injectable({ providedIn: 'root' })
export class ConsultsApi {
  private readonly api = inject(Api);
  private readonly subscriptions = inject(Subscriptions);

  async request(input: ConsultRequestInput): Promise<Consult> {
    return (await this.api.request<{ requestConsult: Consult }>(REQUEST, { input })).requestConsult;
  }

  /** Consults requested from the person's institutions, newest first. */
  async mine(filter: MyConsultsFilter = {}, signal?: AbortSignal): Promise<Consult[]> {
    return (await this.api.request<{ myConsults: Consult[] }>(MINE, { filter: { ...filter, limit: MY_CONSULTS_LIMIT } }, signal)).myConsults;
  }

  /** Open consults offered to the specialist's hospitals; `after`: the nextCursor of the previous page. */
  async worklist(filter: WorklistFilter, after: string | null, signal?: AbortSignal): Promise<ConsultPage> {
    const variables = { filter: { ...filter, limit: WORKLIST_PAGE_SIZE, ...(after ? { after } : {}) } };
    return (await this.api.request<{ worklist: ConsultPage }>(WORKLIST, variables, signal)).worklist;
  }

  /** The consults I claimed and have not signed yet, including those whose report waits for my signature. */
  async claimed(signal?: AbortSignal): Promise<Consult[]> {
    return (await this.api.request<{ myClaimedConsults: Consult[] }>(CLAIMED, undefined, signal)).myClaimedConsults;
  }

  async get(id: string, signal?: AbortSignal): Promise<ConsultWithHistory> {
    return (await this.api.request<{ consult: ConsultWithHistory }>(ONE, { id }, signal)).consult;
  }

  /** Claim, release, start the review or cancel; answers the consult as it now stands, history included. */
  async act(action: ConsultAction, id: string): Promise<ConsultWithHistory> {
    return (await this.api.request<Record<ConsultAction, ConsultWithHistory>>(ACTION(action), { id }))[action];
  }

  /** Every consult the person may see, as it changes; returns the function that stops listening. */
  changes(handlers: SubscriptionHandlers<Consult>): () => void {
    return this.subscriptions.subscribe<{ consultChanged: Consult }>(CHANGED, { ...handlers, next: (data) => handlers.next(data.consultChanged) });
  }
}
