import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { AppError, notFound } from '../common/app-error.js';
import { ErrorCode } from '../common/error-codes.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { AnatomicalRegion, regionFolder } from '../imaging/anatomical-region.js';
import type { Actor } from '../policy/actor.js';
import { PolicyService } from '../policy/policy.service.js';
import { readModelCard } from './inference/model-card.js';
import { checkModelFile } from './inference/model-file.js';
import { ModelStatus, ModelVersion } from './model-version.entity.js';
import { gateOf } from './model-gate.js';

/** Numeric-aware version order, so 1.10.0 comes after 1.9.0. */
const byVersion = (a: string, b: string) => a.localeCompare(b, undefined, { numeric: true });

/**
 * Registers what lies under models/<region>/<version>/ and keeps one version per region active. The first
 * version found for a region is activated so a fresh install works; after that only an admin changes it.
 */
@Injectable()
export class ModelRegistryService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ModelRegistryService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
  ) {}

  async onApplicationBootstrap() {
    // The schema may not exist yet in a process that is about to migrate; registering can wait.
    if (!(await this.dataSource.query(`SELECT to_regclass('model_version') AS t`))[0]?.t) return;
    await this.scan();
  }

  /** Registers new model folders (idempotent); returns what the registry holds. */
  async scan(): Promise<ModelVersion[]> {
    const repo = this.dataSource.getRepository(ModelVersion);
    for (const region of Object.values(AnatomicalRegion)) {
      const regionDir = join(this.config.modelsDir, regionFolder(region));
      const versions = await readdir(regionDir).catch(() => [] as string[]);
      for (const version of versions.sort(byVersion)) {
        if (await repo.existsBy({ region, version })) continue;
        const dir = join(regionDir, version);
        try {
          const card = await readModelCard(dir);
          await checkModelFile(join(dir, 'model.onnx'), card);
          const sha256 = createHash('sha256').update(await readFile(join(dir, 'model.onnx'))).digest('hex');
          await repo.save(repo.create({ region, version, sha256, card: card as unknown as Record<string, unknown>, status: ModelStatus.AVAILABLE }));
          this.logger.log({ msg: 'model registered', region, version });
        } catch (error) {
          this.logger.warn({ msg: 'model folder skipped', dir, reason: (error as Error).message });
        }
      }
      await this.activateDefault(region);
    }
    return this.list();
  }

  /**
   * Without an admin's choice the region serves the newest version that passes its release gate (else, on a
   * fresh install, the newest one, whose pre-reads then say it is experimental). An admin's activation or
   * rollback is never overridden.
   */
  private async activateDefault(region: AnatomicalRegion): Promise<void> {
    const repo = this.dataSource.getRepository(ModelVersion);
    const versions = (await repo.findBy({ region })).sort((a, b) => byVersion(b.version, a.version));
    const active = versions.find((v) => v.status === ModelStatus.ACTIVE);
    if (active?.activatedBy || (!active && versions.some((v) => v.status === ModelStatus.RETIRED))) return;
    const usable = versions.filter((v) => v.status !== ModelStatus.RETIRED && !v.loadError);
    const choice = usable.find((v) => gateOf(v).passed) ?? (active ? undefined : usable[0]);
    if (!choice || choice.id === active?.id) return;
    await this.dataSource.transaction(async (manager) => {
      if (active) await manager.update(ModelVersion, { id: active.id }, { status: ModelStatus.AVAILABLE });
      await manager.update(ModelVersion, { id: choice.id }, { status: ModelStatus.ACTIVE, activatedAt: new Date() });
    });
    this.logger.log({ msg: 'model activated', region, version: choice.version, validated: gateOf(choice).passed, previous: active?.version ?? null });
  }

  list(): Promise<ModelVersion[]> {
    return this.dataSource.getRepository(ModelVersion).find({ order: { region: 'ASC', registeredAt: 'ASC' } });
  }

  active(region: AnatomicalRegion): Promise<ModelVersion | null> {
    return this.dataSource.getRepository(ModelVersion).findOneBy({ region, status: ModelStatus.ACTIVE });
  }

  directoryOf(model: ModelVersion): string {
    return join(this.config.modelsDir, regionFolder(model.region), model.version);
  }

  /** Makes `id` the region's active version (also how an admin rolls back to an older one). */
  async activate(actor: Actor, id: string): Promise<ModelVersion> {
    await this.policy.authorize(actor, 'model.manage', {}, { type: 'model', id });
    return this.audit.transaction(async (tx) => {
      const target = await tx.manager.findOneBy(ModelVersion, { id });
      if (!target) throw notFound('Model version');
      if (target.loadError) throw new AppError(ErrorCode.MODEL_LOAD_FAILED, `This version could not be loaded: ${target.loadError}`);
      const previous = await tx.manager.findOneBy(ModelVersion, { region: target.region, status: ModelStatus.ACTIVE });
      if (previous?.id === target.id) return target;
      if (previous) await tx.manager.update(ModelVersion, { id: previous.id }, { status: ModelStatus.RETIRED });
      await tx.manager.update(ModelVersion, { id }, { status: ModelStatus.ACTIVE, activatedAt: new Date(), activatedBy: actor.userId });
      await tx.audit({
        actor,
        action: 'model.activate',
        resourceType: 'model',
        resourceId: id,
        details: { region: target.region, version: target.version, previous: previous?.version ?? null },
      });
      return tx.manager.findOneByOrFail(ModelVersion, { id });
    });
  }

  async recordLoadError(id: string, message: string): Promise<void> {
    await this.dataSource.getRepository(ModelVersion).update({ id }, { loadError: message.slice(0, 500) });
  }
}
