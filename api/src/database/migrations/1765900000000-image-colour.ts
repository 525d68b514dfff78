import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The share of clearly coloured pixels of each kept frame (decoded from colour at upload), which the grey PNG
 * loses: the AI's input check refuses colour Doppler and elastography from it. Null for images stored before.
 */
export class ImageColour1765900000000 implements MigrationInterface {
  name = 'ImageColour1765900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE study_image ADD COLUMN colour_fraction real');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE study_image DROP COLUMN colour_fraction');
  }
}
