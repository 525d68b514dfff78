import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Certificates name their issuer: the course's institution and the person who signs for it (set per course;
 * the course's author when none is set), fixed on the certificate at issue like the rest of what it states.
 * Certificates issued before keep no signer; their issuer is the course's institution, which it was then too.
 */
export class CertificateIssuer1766300000002 implements MigrationInterface {
  name = 'CertificateIssuer1766300000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE course ADD COLUMN certificate_signer_name varchar(200) NOT NULL DEFAULT '';
      ALTER TABLE course ADD COLUMN certificate_signer_title varchar(200) NOT NULL DEFAULT '';
      ALTER TABLE certificate ADD COLUMN issuer_name varchar(200);
      ALTER TABLE certificate ADD COLUMN signer_name varchar(200);
      ALTER TABLE certificate ADD COLUMN signer_title varchar(200);
      UPDATE certificate SET issuer_name = i.name FROM course c JOIN institution i ON i.id = c.institution_id WHERE c.id = certificate.course_id;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE certificate DROP COLUMN signer_title, DROP COLUMN signer_name, DROP COLUMN issuer_name;
      ALTER TABLE course DROP COLUMN certificate_signer_title, DROP COLUMN certificate_signer_name;
    `);
  }
}
