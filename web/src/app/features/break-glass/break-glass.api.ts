import { inject, Injectable } from '@angular/core';
import { Api } from '../../core/graphql/api';
import { Subscriptions, type SubscriptionHandlers } from '../../core/graphql/subscriptions';

export interface BreakGlassGrant {
  id: string;
  patientId: string;
  institutionId: string;
  reason: string;
  grantedAt: string;
  expiresAt: string;
  user: { id: string; username: string; displayName: string };
}

const FIELDS = 'id patientId institutionId reason grantedAt expiresAt user { id username displayName }';
const BREAK_GLASS = `mutation BreakGlass($input: BreakGlassInput!) { breakGlass(input: $input) { ${FIELDS} } }`;
const LIST = `query BreakGlassGrants { breakGlassGrants { ${FIELDS} } }`;
const LIVE = `subscription BreakGlassGranted { breakGlassGranted { ${FIELDS} } }`;

/** Emergency access: asking for it (clinicians), and the review list with its live feed (admins). */
@Injectable({ providedIn: 'root' })
export class BreakGlassApi {
  private readonly api = inject(Api);
  private readonly subscriptions = inject(Subscriptions);

  async grant(patientId: string, reason: string): Promise<BreakGlassGrant> {
    return (await this.api.request<{ breakGlass: BreakGlassGrant }>(BREAK_GLASS, { input: { patientId, reason } })).breakGlass;
  }

  async list(signal?: AbortSignal): Promise<BreakGlassGrant[]> {
    return (await this.api.request<{ breakGlassGrants: BreakGlassGrant[] }>(LIST, undefined, signal)).breakGlassGrants;
  }

  /** Starts the live feed of new grants; returns the function that stops it. */
  live(handlers: SubscriptionHandlers<BreakGlassGrant>): () => void {
    return this.subscriptions.subscribe<{ breakGlassGranted: BreakGlassGrant }>(LIVE, { ...handlers, next: (data) => handlers.next(data.breakGlassGranted) });
  }
}
