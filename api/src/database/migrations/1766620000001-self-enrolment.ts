import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Self-enrolment: a course's trainers open it to an institution they train, and its staff (and the staff of
 * every institution under it) enrol themselves. Null: closed, as every course was before.
 */
export class SelfEnrolment1766620000001 implements MigrationInterface {
  name = 'SelfEnrolment1766620000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE course ADD COLUMN self_enrol_institution_id uuid REFERENCES institution(id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE course DROP COLUMN self_enrol_institution_id`);
  }
}
