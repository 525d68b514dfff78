import { Injectable } from '@nestjs/common';
import type { AuditedTransaction } from '../audit/audit.service.js';

/**
 * Facts one module records that others act on inside the same transaction: a handler's writes commit with
 * the fact or not at all (a follow-up case is never lost between a signature and its commit). Handlers run
 * one after another on the transaction's own manager (PGlite has one connection); a handler that throws
 * rolls the fact back too.
 */
export interface DomainEventMap {
  /** Pre-reads just completed by a model that passed its release gate (only those make a call). */
  'pre-reads.completed': { preReads: CompletedPreRead[] };
  /** A specialist signed a report version. */
  'consult-report.signed': SignedReport;
}

/** A lesion a finding is about: an AI lesion, or one the specialist added (then `added`). */
export interface FindingLesion {
  lesionId: string;
  imageId: string;
  modelVersionId: string | null;
  /** The specialist's category for an added lesion. */
  category: string | null;
  added: boolean;
}

export interface CompletedPreRead {
  preReadId: string;
  studyId: string;
  modelVersionId: string;
  categorySystem: string | null;
  categoryValue: string | null;
  lesions: FindingLesion[];
}

export interface SignedReport {
  reportId: string;
  consultId: string;
  studyId: string;
  region: string;
  recommendation: string | null;
  followUpMonths: number | null;
  categorySystem: string | null;
  categoryValue: string | null;
  /** Lesions the specialist assessed (agreeing or not) and those they added. */
  lesions: FindingLesion[];
  signedBy: { userId: string; username: string };
}

type Handler<K extends keyof DomainEventMap> = (event: DomainEventMap[K], tx: AuditedTransaction) => Promise<void>;

@Injectable()
export class DomainEvents {
  private readonly handlers = new Map<keyof DomainEventMap, Array<Handler<keyof DomainEventMap>>>();

  on<K extends keyof DomainEventMap>(name: K, handler: Handler<K>): void {
    this.handlers.set(name, [...(this.handlers.get(name) ?? []), handler as Handler<keyof DomainEventMap>]);
  }

  async emit<K extends keyof DomainEventMap>(name: K, event: DomainEventMap[K], tx: AuditedTransaction): Promise<void> {
    for (const handler of this.handlers.get(name) ?? []) await handler(event, tx);
  }
}
