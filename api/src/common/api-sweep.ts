import type { Logger } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';

/**
 * Runs `sweep` every `ms` in an API process (inference worker processes run no sweeps), logging a failed pass
 * as "<what> failed" instead of throwing; the timer does not keep the process alive. Returns what stops it.
 */
export function scheduleSweep(config: AppConfig, ms: number, sweep: () => Promise<unknown>, logger: Logger, what: string): () => void {
  if (config.inferenceMode === 'worker') return () => undefined;
  const timer = setInterval(() => sweep().catch((error) => logger.error({ msg: `${what} failed`, error: (error as Error).message })), ms);
  timer.unref();
  return () => clearInterval(timer);
}
