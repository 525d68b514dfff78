import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Maintained question banks. A question row is one version of a question (`lineage_id` names the question across its versions,
 * `version` counts its edits): an edit writes a new row and marks the old one SUPERSEDED, so an attempt keeps
 * the exact text and key it was drawn with. A question used by attempts is RETIRED rather than deleted. Only
 * CURRENT rows are drawn. Questions get a position (the bank's order for trainers).
 */
export class QuestionVersions1766300000000 implements MigrationInterface {
  name = 'QuestionVersions1766300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE question ADD COLUMN lineage_id uuid DEFAULT gen_random_uuid();
      ALTER TABLE question ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version > 0);
      ALTER TABLE question ADD COLUMN state varchar(10) NOT NULL DEFAULT 'CURRENT' CHECK (state IN ('CURRENT','SUPERSEDED','RETIRED'));
      ALTER TABLE question ADD COLUMN position integer;
      UPDATE question SET lineage_id = id;
      UPDATE question SET position = p.n FROM (SELECT id, row_number() OVER (PARTITION BY course_id ORDER BY created_at, id) AS n FROM question) p WHERE p.id = question.id;
      ALTER TABLE question ALTER COLUMN lineage_id SET NOT NULL;
      ALTER TABLE question ALTER COLUMN position SET NOT NULL;
      -- One version of a question is in the bank (current or retired); its history is superseded.
      CREATE UNIQUE INDEX question_lineage_live_idx ON question (lineage_id) WHERE state <> 'SUPERSEDED';
      CREATE UNIQUE INDEX question_lineage_version_idx ON question (lineage_id, version);
      CREATE INDEX question_bank_idx ON question (course_id) WHERE state = 'CURRENT';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX question_bank_idx;
      DROP INDEX question_lineage_version_idx;
      DROP INDEX question_lineage_live_idx;
      ALTER TABLE question DROP COLUMN position, DROP COLUMN state, DROP COLUMN version, DROP COLUMN lineage_id;
    `);
  }
}
