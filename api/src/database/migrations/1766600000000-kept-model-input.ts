import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Each frame's model input planes kept as a blob at upload (pre-reads read them ready); null for older images. */
export class KeptModelInput1766600000000 implements MigrationInterface {
  name = 'KeptModelInput1766600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE study_image ADD COLUMN model_input_sha256 char(64) REFERENCES stored_blob(sha256)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE study_image DROP COLUMN model_input_sha256');
  }
}
