import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { returningRows } from '../database/returning-rows.js';
import { scheduleSweep } from '../common/api-sweep.js';

const SWEEP_MS = 10 * 60_000;
const BATCH = 500;

/**
 * Escalates open cases that are more than OASIS_FOLLOW_UP_ESCALATE_DAYS past due to the admins above their
 * institution (the `followUpEscalations` list): sets `escalated_at` once, audited, in the same transaction.
 */
@Injectable()
export class FollowUpEscalator implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(FollowUpEscalator.name);
  private stopSweep: () => void = () => undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  onApplicationBootstrap() {
    this.stopSweep = scheduleSweep(this.config, SWEEP_MS, () => this.sweep(), this.logger, 'follow-up escalation sweep');
  }

  onApplicationShutdown() {
    this.stopSweep();
  }

  /** One pass; `now` is injectable so tests need not wait weeks. Returns how many cases it escalated. */
  async sweep(now = new Date()): Promise<number> {
    const before = new Date(now.getTime() - this.config.followUpEscalateDays * 86_400_000);
    let total = 0;
    for (;;) {
      const escalated = await this.audit.transaction(async (tx) => {
        const rows = returningRows<{ id: string; institution_id: string; due_at: Date }>(
          await tx.manager.query(
            `UPDATE follow_up_case SET escalated_at = $1
              WHERE id IN (SELECT id FROM follow_up_case WHERE status = 'OPEN' AND escalated_at IS NULL AND due_at < $2 ORDER BY due_at LIMIT $3 FOR UPDATE SKIP LOCKED)
          RETURNING id, institution_id, due_at`,
            [now, before, BATCH],
          ),
        );
        for (const r of rows) {
          await tx.audit({ action: 'follow-up.escalate', resourceType: 'follow-up', resourceId: r.id, institutionId: r.institution_id, details: { dueAt: new Date(r.due_at).toISOString() } });
        }
        return rows.length;
      });
      total += escalated;
      if (escalated < BATCH) return total;
    }
  }
}
