import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { ExamsService } from './exams.service.js';
import { scheduleSweep } from '../../common/api-sweep.js';

const SWEEP_MS = 30_000;

/** Closes attempts whose time ran out while nobody was looking (tab closed, link cut); reads close them too. */
@Injectable()
export class AttemptSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AttemptSweeper.name);
  private stopSweep: () => void = () => undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly exams: ExamsService,
  ) {}

  onApplicationBootstrap() {
    this.stopSweep = scheduleSweep(this.config, SWEEP_MS, () => this.exams.sweep(), this.logger, 'exam attempt sweep');
  }

  onApplicationShutdown() {
    this.stopSweep();
  }
}
