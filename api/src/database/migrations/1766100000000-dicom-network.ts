import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The DICOM receiver: registered sending devices (scanners, PACS), and one row per received SOP instance
 * (the ledger that makes a resend idempotent; an instance without a study is in the unmatched inbox).
 * Studies can now be created by a device rather than a person.
 */
export class DicomNetwork1766100000000 implements MigrationInterface {
  name = 'DicomNetwork1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE dicom_device (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        institution_id uuid NOT NULL REFERENCES institution(id),
        ae_title varchar(16) NOT NULL,
        address varchar(45),
        label varchar(200) NOT NULL,
        region varchar(32) NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_by uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        deactivated_at timestamptz
      );
      -- The calling AE title is what identifies a device at association: one active device per title.
      CREATE UNIQUE INDEX dicom_device_active_ae_idx ON dicom_device (ae_title) WHERE active;
      CREATE INDEX dicom_device_institution_idx ON dicom_device (institution_id);

      CREATE TABLE dicom_instance (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        institution_id uuid NOT NULL REFERENCES institution(id),
        device_id uuid NOT NULL REFERENCES dicom_device(id),
        sop_instance_uid varchar(64) NOT NULL,
        study_instance_uid varchar(64),
        blob_sha256 char(64) NOT NULL REFERENCES stored_blob(sha256),
        study_id uuid REFERENCES study(id),
        received_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz,
        UNIQUE (institution_id, sop_instance_uid)
      );
      CREATE INDEX dicom_instance_inbox_idx ON dicom_instance (institution_id, received_at) WHERE study_id IS NULL;

      ALTER TABLE study ALTER COLUMN created_by DROP NOT NULL;
      ALTER TABLE study ADD COLUMN device_id uuid REFERENCES dicom_device(id);
      ALTER TABLE study ADD CONSTRAINT study_creator_check CHECK (created_by IS NOT NULL OR device_id IS NOT NULL);
      CREATE INDEX study_instance_uid_idx ON study (institution_id, study_instance_uid);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX study_instance_uid_idx;
      ALTER TABLE study DROP CONSTRAINT study_creator_check;
      ALTER TABLE study DROP COLUMN device_id;
      ALTER TABLE study ALTER COLUMN created_by SET NOT NULL;
      DROP TABLE dicom_instance;
      DROP TABLE dicom_device;
    `);
  }
}
