import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The programme dashboard's rollup: screenings and AI-positive studies per institution and month (UTC), kept
 * up to date incrementally (dashboard/screening-rollup.service.ts), so that the figures over 1.3 million
 * screenings read a few thousand rows. Consult, follow-up and training figures are read from their tables
 * (tens of thousands of rows at most), with the indexes below.
 */
export class Dashboard1766610000000 implements MigrationInterface {
  name = 'Dashboard1766610000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE screening_rollup (
        institution_id uuid NOT NULL REFERENCES institution(id),
        month date NOT NULL,
        screenings integer NOT NULL,
        ai_positive integer NOT NULL,
        PRIMARY KEY (institution_id, month)
      );
      -- One row: how far the rollup has read (the watermark, which is also when it last did).
      CREATE TABLE screening_rollup_state (
        id smallint PRIMARY KEY CHECK (id = 1),
        watermark timestamptz NOT NULL
      );
      INSERT INTO screening_rollup_state (id, watermark) VALUES (1, '-infinity');
      -- What changed since the watermark: new studies, and pre-reads that finished (an AI call arrives later).
      CREATE INDEX study_created_idx ON study (created_at);
      CREATE INDEX pre_read_completed_idx ON pre_read (completed_at) WHERE completed_at IS NOT NULL;
      CREATE INDEX follow_up_opened_idx ON follow_up_case (institution_id, opened_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX follow_up_opened_idx;
      DROP INDEX pre_read_completed_idx;
      DROP INDEX study_created_idx;
      DROP TABLE screening_rollup_state;
      DROP TABLE screening_rollup;
    `);
  }
}
