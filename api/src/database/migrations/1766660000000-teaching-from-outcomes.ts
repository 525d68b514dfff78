import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Teaching cases made from a follow-up case with a pathology outcome carry the confirmed diagnosis and a link
 * to the follow-up case (never to the patient); one teaching case per follow-up case.
 */
export class TeachingFromOutcomes1766660000000 implements MigrationInterface {
  name = 'TeachingFromOutcomes1766660000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE teaching_case
        ADD COLUMN follow_up_case_id uuid REFERENCES follow_up_case(id),
        ADD COLUMN confirmed_diagnosis varchar(12) CHECK (confirmed_diagnosis IN ('BENIGN', 'MALIGNANT', 'OTHER')),
        ADD CONSTRAINT teaching_case_outcome_chk CHECK ((follow_up_case_id IS NULL) = (confirmed_diagnosis IS NULL));
      CREATE UNIQUE INDEX teaching_case_follow_up_uq ON teaching_case (follow_up_case_id) WHERE follow_up_case_id IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX teaching_case_follow_up_uq; ALTER TABLE teaching_case DROP COLUMN confirmed_diagnosis, DROP COLUMN follow_up_case_id;`);
  }
}
