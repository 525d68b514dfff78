import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { UploadsService } from './uploads.service.js';

const SWEEP_MS = 15 * 60_000;

/** Removes uploads that were started and then abandoned, so part files do not pile up on the clinic's disk. */
@Injectable()
export class UploadSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(UploadSweeper.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly uploads: UploadsService,
  ) {}

  onApplicationBootstrap() {
    if (this.config.inferenceMode === 'worker') return;
    this.timer = setInterval(() => this.uploads.sweepIdle().catch((error) => this.logger.error({ msg: 'upload sweep failed', error: (error as Error).message })), SWEEP_MS);
    this.timer.unref();
  }

  onApplicationShutdown() {
    if (this.timer) clearInterval(this.timer);
  }
}
