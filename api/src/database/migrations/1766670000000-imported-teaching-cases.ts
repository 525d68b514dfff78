import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Pictures imported with a question bank file become teaching cases with no study image behind them. */
export class ImportedTeachingCases1766670000000 implements MigrationInterface {
  name = 'ImportedTeachingCases1766670000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE teaching_case ALTER COLUMN source_image_id DROP NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Fails while imported pictures exist: going back would lose them.
    await q.query(`ALTER TABLE teaching_case ALTER COLUMN source_image_id SET NOT NULL`);
  }
}
