import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { UploadsService } from './uploads.service.js';
import { scheduleSweep } from '../common/api-sweep.js';

const SWEEP_MS = 15 * 60_000;

/** Removes uploads that were started and then abandoned, so part files do not pile up on the clinic's disk. */
@Injectable()
export class UploadSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(UploadSweeper.name);
  private stopSweep: () => void = () => undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly uploads: UploadsService,
  ) {}

  onApplicationBootstrap() {
    this.stopSweep = scheduleSweep(this.config, SWEEP_MS, () => this.uploads.sweepIdle(), this.logger, 'upload sweep');
  }

  onApplicationShutdown() {
    this.stopSweep();
  }
}
