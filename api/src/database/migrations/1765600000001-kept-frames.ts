import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Each image's frame kept once as a grayscale PNG blob (decode once at upload); null for older images. */
export class KeptFrames1765600000001 implements MigrationInterface {
  name = 'KeptFrames1765600000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE study_image ADD COLUMN frame_png_sha256 char(64) REFERENCES stored_blob(sha256)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE study_image DROP COLUMN frame_png_sha256');
  }
}
