import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { scheduleSweep } from '../common/api-sweep.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';

const SWEEP_MS = 5 * 60_000;
/**
 * A row's timestamp is taken when it is written, not when its transaction commits: each pass reads again from
 * this long before the watermark so that a slow transaction's rows are not skipped (recounting is idempotent).
 */
const OVERLAP = '10 minutes';

/**
 * Keeps `screening_rollup` (screenings and AI-positive studies per institution and UTC month) up to date: each
 * pass recounts only the institution-months with a study created, or a pre-read completed, since the last
 * watermark. A study is AI-positive when any of its pre-reads called it malignant. The dashboard shows when the
 * last pass ran.
 */
@Injectable()
export class ScreeningRollup implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ScreeningRollup.name);
  private stopSweep: () => void = () => undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onApplicationBootstrap() {
    this.stopSweep = scheduleSweep(this.config, SWEEP_MS, () => this.refresh(), this.logger, 'screening rollup refresh');
  }

  onApplicationShutdown() {
    this.stopSweep();
  }

  /** One pass; returns how many institution-months it recounted. Passes of several API instances queue on the state row. */
  async refresh(): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      // As text, so that '-infinity' (never refreshed) survives the round trip.
      const [{ since }] = await m.query(`SELECT (watermark - $1::interval)::text AS since FROM screening_rollup_state WHERE id = 1 FOR UPDATE`, [OVERLAP]);
      const rows: Array<{ n: number }> = await m.query(
        `WITH touched AS (
           SELECT DISTINCT institution_id, date_trunc('month', created_at AT TIME ZONE 'UTC')::date AS month
             FROM study WHERE created_at > $1::timestamptz
           UNION
           SELECT s.institution_id, date_trunc('month', s.created_at AT TIME ZONE 'UTC')::date
             FROM pre_read p JOIN study s ON s.id = p.study_id
            WHERE p.completed_at > $1::timestamptz
         ), counted AS (
           INSERT INTO screening_rollup (institution_id, month, screenings, ai_positive)
           SELECT t.institution_id, t.month, count(*),
                  count(*) FILTER (WHERE EXISTS (SELECT 1 FROM pre_read p WHERE p.study_id = s.id AND p.call = 'MALIGNANT'))
             FROM touched t
             JOIN study s ON s.institution_id = t.institution_id
                         AND s.created_at >= t.month::timestamp AT TIME ZONE 'UTC'
                         AND s.created_at < (t.month + interval '1 month')::timestamp AT TIME ZONE 'UTC'
            GROUP BY t.institution_id, t.month
           ON CONFLICT (institution_id, month) DO UPDATE SET screenings = excluded.screenings, ai_positive = excluded.ai_positive
           RETURNING 1
         )
         SELECT count(*)::int AS n FROM counted`,
        [since],
      );
      // now() is the transaction's start: rows written after it are read by the next pass.
      await m.query(`UPDATE screening_rollup_state SET watermark = now() WHERE id = 1`);
      return rows[0].n;
    });
  }

  /** When the figures were last brought up to date; null before the first pass. */
  async refreshedAt(): Promise<Date | null> {
    const [{ at }] = await this.dataSource.query(`SELECT CASE WHEN watermark = '-infinity' THEN NULL ELSE watermark END AS at FROM screening_rollup_state WHERE id = 1`);
    return at === null ? null : new Date(at);
  }
}
