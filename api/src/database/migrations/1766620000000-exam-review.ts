import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Exams that teach: the trainer chooses when a trainee's closed attempt shows the correct answers and the
 * explanations (at once, or once the exam closes), and an exam may close at a set time. Existing exams
 * keep what they did: no closing time, and the review (which then showed only right or wrong) at once.
 */
export class ExamReview1766620000000 implements MigrationInterface {
  name = 'ExamReview1766620000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE exam ADD COLUMN review_after varchar(10) NOT NULL DEFAULT 'SUBMISSION';
      ALTER TABLE exam ADD COLUMN closes_at timestamptz;
      ALTER TABLE exam ADD CONSTRAINT exam_review_after_closes CHECK (review_after = 'SUBMISSION' OR closes_at IS NOT NULL);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE exam DROP CONSTRAINT exam_review_after_closes, DROP COLUMN closes_at, DROP COLUMN review_after`);
  }
}
