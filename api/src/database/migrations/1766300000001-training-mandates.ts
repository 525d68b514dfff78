import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which institutions a training institution trains: its trainers may enrol the staff of `institution_id` and of
 * every institution under it (besides their own institution's staff, which needs no mandate).
 */
export class TrainingMandates1766300000001 implements MigrationInterface {
  name = 'TrainingMandates1766300000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE training_mandate (
        trainer_institution_id uuid NOT NULL REFERENCES institution(id),
        institution_id uuid NOT NULL REFERENCES institution(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (trainer_institution_id, institution_id)
      );
      CREATE INDEX training_mandate_institution_idx ON training_mandate (institution_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE training_mandate');
  }
}
