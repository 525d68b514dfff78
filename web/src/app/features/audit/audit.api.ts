import { inject, Injectable } from '@angular/core';
import { Api } from '../../core/graphql/api';
import { Subscriptions, type SubscriptionHandlers } from '../../core/graphql/subscriptions';
import { type AuditEvent, AUDIT_EVENT_FIELDS, type AuditOutcome } from '../../core/models/audit-event';

export interface AuditFilter {
  outcome?: AuditOutcome;
  resourceType?: string;
}

export interface AuditPage {
  items: AuditEvent[];
  nextCursor: string | null;
}

export const AUDIT_PAGE_SIZE = 50;

const LIST = `query AuditEvents($filter: AuditEventsFilter) { auditEvents(filter: $filter) { nextCursor items { ${AUDIT_EVENT_FIELDS} } } }`;
const LIVE = `subscription AuditEventRecorded { auditEventRecorded { ${AUDIT_EVENT_FIELDS} } }`;

/** The audit trail: pages newest first, and a live feed of events as they are recorded. */
@Injectable({ providedIn: 'root' })
export class AuditApi {
  private readonly api = inject(Api);
  private readonly subscriptions = inject(Subscriptions);

  /** `after`: the nextCursor of the previous page, for older events. */
  async page(filter: AuditFilter, after: string | null, signal?: AbortSignal): Promise<AuditPage> {
    const variables = { filter: { ...filter, limit: AUDIT_PAGE_SIZE, ...(after ? { after } : {}) } };
    return (await this.api.request<{ auditEvents: AuditPage }>(LIST, variables, signal)).auditEvents;
  }

  /** Starts the live feed; returns the function that stops it. */
  live(handlers: SubscriptionHandlers<AuditEvent>): () => void {
    return this.subscriptions.subscribe<{ auditEventRecorded: AuditEvent }>(LIVE, {
      ...handlers,
      next: (data) => handlers.next(data.auditEventRecorded),
    });
  }
}

export const matchesFilter = (event: AuditEvent, filter: AuditFilter): boolean =>
  (!filter.outcome || event.outcome === filter.outcome) && (!filter.resourceType || event.resourceType === filter.resourceType);
