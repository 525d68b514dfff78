import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A pre-read the input check refused (NOT_ULTRASOUND, WRONG_REGION, UNSUPPORTED_MODE) ends REFUSED, with no call. */
export class PreReadRefused1765300000000 implements MigrationInterface {
  name = 'PreReadRefused1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE pre_read DROP CONSTRAINT pre_read_status_check;
      ALTER TABLE pre_read ADD CONSTRAINT pre_read_status_check CHECK (status IN ('QUEUED','RUNNING','DONE','FAILED','NO_MODEL','NO_CONSENT','REFUSED'));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE pre_read SET status = 'FAILED' WHERE status = 'REFUSED';
      ALTER TABLE pre_read DROP CONSTRAINT pre_read_status_check;
      ALTER TABLE pre_read ADD CONSTRAINT pre_read_status_check CHECK (status IN ('QUEUED','RUNNING','DONE','FAILED','NO_MODEL','NO_CONSENT'));
    `);
  }
}
