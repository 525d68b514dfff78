import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PubSubEngine } from 'graphql-subscriptions';
import { DataSource, type EntityManager } from 'typeorm';
import { currentRequestContext, type RequestContext } from '#contracts/logging/request-context.js';
import { PUB_SUB, Topics } from '../events/pubsub.js';
import type { Actor } from '../policy/actor.js';
import { AuditEvent, AuditOutcome } from './audit-event.entity.js';

export interface AuditEntry {
  actor?: Pick<Actor, 'userId' | 'username'> | null;
  /** For sign-in attempts, the name that was typed, when there is no actor yet. */
  username?: string;
  action: string;
  resourceType: string;
  resourceId?: string | null;
  institutionId?: string | null;
  outcome?: AuditOutcome;
  code?: string | null;
  details?: Record<string, unknown>;
}

/** A transaction whose changes and audit rows commit together; events go out only after the commit. */
export interface AuditedTransaction {
  manager: EntityManager;
  audit(entry: AuditEntry): Promise<AuditEvent>;
}

/** Reads already recorded in each request (actor, action, target), so aliases and nested fields add no rows. */
const readsOfRequest = new WeakMap<RequestContext, Set<string>>();

/** Appends to the audit trail. There is deliberately no method to change or remove a row. */
@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PUB_SUB) private readonly pubSub: PubSubEngine,
  ) {}

  /** Records an event on its own (denials, sign-in attempts, reads). */
  async record(entry: AuditEntry): Promise<AuditEvent> {
    const event = await this.insert(this.dataSource.manager, entry);
    await this.publish([event]);
    return event;
  }

  /** Records a read of patient data once per request and target, however many times the request names it. */
  async recordRead(entry: AuditEntry): Promise<void> {
    const context = currentRequestContext();
    if (context) {
      const key = [entry.actor?.userId, entry.action, entry.resourceType, entry.resourceId].join('|');
      const seen = readsOfRequest.get(context) ?? new Set<string>();
      readsOfRequest.set(context, seen);
      if (seen.has(key)) return;
      seen.add(key);
    }
    await this.record(entry);
  }

  /** Runs a change and its audit rows in one transaction: both are written, or neither. */
  async transaction<T>(work: (tx: AuditedTransaction) => Promise<T>): Promise<T> {
    const events: AuditEvent[] = [];
    const result = await this.dataSource.transaction((manager) =>
      work({
        manager,
        audit: async (entry) => {
          const event = await this.insert(manager, entry);
          events.push(event);
          return event;
        },
      }),
    );
    await this.publish(events);
    return result;
  }

  private insert(manager: EntityManager, entry: AuditEntry): Promise<AuditEvent> {
    const context = currentRequestContext();
    return manager.getRepository(AuditEvent).save({
      actorUserId: entry.actor?.userId ?? null,
      actorUsername: entry.actor?.username ?? entry.username?.slice(0, 64) ?? null,
      action: entry.action,
      resourceType: entry.resourceType,
      resourceId: entry.resourceId ?? null,
      institutionId: entry.institutionId ?? null,
      outcome: entry.outcome ?? AuditOutcome.SUCCESS,
      code: entry.code ?? null,
      ip: context?.ip ?? null,
      userAgent: context?.userAgent?.slice(0, 300) ?? null,
      requestId: context?.requestId ?? null,
      details: entry.details ?? null,
    });
  }

  private async publish(events: AuditEvent[]) {
    for (const event of events) await this.pubSub.publish(Topics.auditEventRecorded, { auditEventRecorded: event });
  }
}
