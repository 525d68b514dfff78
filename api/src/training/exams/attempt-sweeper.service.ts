import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { ExamsService } from './exams.service.js';

const SWEEP_MS = 30_000;

/** Closes attempts whose time ran out while nobody was looking (tab closed, link cut); reads close them too. */
@Injectable()
export class AttemptSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AttemptSweeper.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly exams: ExamsService,
  ) {}

  onApplicationBootstrap() {
    if (this.config.inferenceMode === 'worker') return;
    this.timer = setInterval(() => this.exams.sweep().catch((error) => this.logger.error({ msg: 'exam attempt sweep failed', error: (error as Error).message })), SWEEP_MS);
    this.timer.unref();
  }

  onApplicationShutdown() {
    if (this.timer) clearInterval(this.timer);
  }
}
