import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Uploads: one chunk append at a time (a lease taken by a conditional update, so two PATCHes at the same
 * offset cannot both write), and the time of the last activity, so the sweeper can remove abandoned ones.
 */
export class UploadAppends1765600000000 implements MigrationInterface {
  name = 'UploadAppends1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE upload ADD COLUMN appending_until timestamptz, ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
      CREATE INDEX upload_idle_idx ON upload (updated_at) WHERE completed_at IS NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX upload_idle_idx; ALTER TABLE upload DROP COLUMN appending_until, DROP COLUMN updated_at');
  }
}
