import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, LessThan } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Consult } from './consult.entity.js';
import { ConsultStatus } from './consult-status.js';
import { ConsultsService } from './consults.service.js';
import { Partnership } from './partnership.entity.js';
import { scheduleSweep } from '../common/api-sweep.js';

const SWEEP_MS = 60_000;

/**
 * Keeps consults moving: one offered too long without a claim is opened to every reader of the hospital
 * when it was waiting for a preferred specialist, else escalated to the requesting institution's next partner hospital (and expires when none is left and it has waited the expiry time); one claimed but
 * left untouched too long goes back on the worklist.
 */
@Injectable()
export class ConsultTimeoutsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ConsultTimeoutsService.name);
  private stopSweep: () => void = () => undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly consults: ConsultsService,
  ) {}

  onApplicationBootstrap() {
    this.stopSweep = scheduleSweep(this.config, SWEEP_MS, () => this.sweep(), this.logger, 'consult sweep');
  }

  onApplicationShutdown() {
    this.stopSweep();
  }

  /** One pass; `now` is injectable so tests need not wait hours. Returns how many consults it moved. */
  async sweep(now = new Date()): Promise<number> {
    const repo = this.dataSource.getRepository(Consult);
    let moved = 0;
    const escalateBefore = new Date(now.getTime() - this.config.consultEscalateMinutes * 60_000);
    for (const consult of await repo.find({ where: { status: ConsultStatus.OFFERED, offeredAt: LessThan(escalateBefore) }, take: 500 })) {
      // A preferred specialist who did not take it in time: open it to the hospital's other readers first.
      if (consult.preferredSpecialistId) {
        if (await this.consults.system(consult, 'escalate', { preferredSpecialistId: null, offeredAt: now, escalations: consult.escalations + 1 })) moved += 1;
        continue;
      }
      const next = await this.nextPartner(consult);
      const waitedHours = (now.getTime() - consult.requestedAt.getTime()) / 3_600_000;
      const result = next
        ? await this.consults.system(consult, 'escalate', { targetInstitutionId: next, offeredAt: now, escalations: consult.escalations + 1 })
        : waitedHours >= this.config.consultExpireHours
          ? await this.consults.system(consult, 'expire', { closedAt: now })
          : null;
      if (result) moved += 1;
    }
    const releaseBefore = new Date(now.getTime() - this.config.consultClaimTimeoutMinutes * 60_000);
    for (const consult of await repo.find({ where: { status: In([ConsultStatus.CLAIMED, ConsultStatus.IN_REVIEW]), claimedAt: LessThan(releaseBefore) }, take: 500 })) {
      if (await this.consults.system(consult, 'release', { claimedBy: null, claimedAt: null, offeredAt: now })) moved += 1;
    }
    return moved;
  }

  /** The partner after the current one, by priority; null when the list is exhausted. */
  private async nextPartner(consult: Consult): Promise<string | null> {
    const partners = await this.dataSource.getRepository(Partnership).find({ where: { fromInstitutionId: consult.requestingInstitutionId }, order: { priority: 'ASC' } });
    const index = partners.findIndex((p) => p.toInstitutionId === consult.targetInstitutionId);
    return partners[index + 1]?.toInstitutionId ?? null;
  }
}
