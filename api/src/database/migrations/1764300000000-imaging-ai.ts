import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Patients and consents, studies and their images, stored files, uploads, models and AI pre-reads. */
export class ImagingAi1764300000000 implements MigrationInterface {
  name = 'ImagingAi1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE patient (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        institution_id uuid NOT NULL REFERENCES institution(id),
        name varchar(200) NOT NULL,
        sex varchar(1) NOT NULL CHECK (sex IN ('F','M','O','U')),
        birth_date date,
        national_id varchar(32),
        phone varchar(32),
        address varchar(200),
        dicom_patient_id varchar(64),
        created_by uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX patient_institution_name_idx ON patient (institution_id, name);
      CREATE INDEX patient_dicom_id_idx ON patient (institution_id, dicom_patient_id);
      CREATE UNIQUE INDEX patient_national_id_idx ON patient (institution_id, national_id) WHERE national_id IS NOT NULL;

      CREATE TABLE patient_consent (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        patient_id uuid NOT NULL REFERENCES patient(id),
        purpose varchar(32) NOT NULL CHECK (purpose IN ('AI_PROCESSING','REMOTE_SHARING')),
        granted boolean NOT NULL,
        method varchar(32) NOT NULL,
        recorded_by uuid NOT NULL REFERENCES app_user(id),
        recorded_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX patient_consent_idx ON patient_consent (patient_id, purpose, recorded_at DESC);

      CREATE TABLE study (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        patient_id uuid NOT NULL REFERENCES patient(id),
        institution_id uuid NOT NULL REFERENCES institution(id),
        region varchar(32) NOT NULL,
        description varchar(500),
        study_instance_uid varchar(64),
        uploader_mm_per_pixel double precision CHECK (uploader_mm_per_pixel IS NULL OR uploader_mm_per_pixel > 0),
        created_by uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX study_institution_created_idx ON study (institution_id, created_at DESC);
      CREATE INDEX study_patient_idx ON study (patient_id);

      CREATE TABLE stored_blob (
        sha256 char(64) PRIMARY KEY,
        size bigint NOT NULL,
        content_type varchar(100) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE study_image (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        study_id uuid NOT NULL REFERENCES study(id),
        blob_sha256 char(64) NOT NULL REFERENCES stored_blob(sha256),
        frame_index integer NOT NULL DEFAULT 0,
        format varchar(8) NOT NULL,
        width integer NOT NULL,
        height integer NOT NULL,
        calibration jsonb NOT NULL,
        file_name varchar(255),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (study_id, blob_sha256, frame_index)
      );

      -- An upload goes into a study, or (DICOM import) into an institution for a region until the doctor
      -- confirms whose images they are.
      CREATE TABLE upload (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        study_id uuid REFERENCES study(id),
        institution_id uuid NOT NULL REFERENCES institution(id),
        region varchar(32),
        CHECK (study_id IS NOT NULL OR region IS NOT NULL),
        created_by uuid NOT NULL REFERENCES app_user(id),
        file_name varchar(255),
        length bigint NOT NULL CHECK (length > 0),
        received bigint NOT NULL DEFAULT 0,
        blob_sha256 char(64) REFERENCES stored_blob(sha256),
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz
      );

      CREATE TABLE model_version (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        region varchar(32) NOT NULL,
        version varchar(32) NOT NULL,
        sha256 char(64) NOT NULL,
        card jsonb NOT NULL,
        status varchar(16) NOT NULL CHECK (status IN ('AVAILABLE','ACTIVE','RETIRED')),
        load_error varchar(500),
        activated_at timestamptz,
        activated_by uuid REFERENCES app_user(id),
        registered_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (region, version)
      );
      CREATE UNIQUE INDEX model_version_one_active_idx ON model_version (region) WHERE status = 'ACTIVE';

      CREATE TABLE pre_read (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        image_id uuid NOT NULL REFERENCES study_image(id),
        study_id uuid NOT NULL REFERENCES study(id),
        model_version_id uuid REFERENCES model_version(id),
        status varchar(16) NOT NULL CHECK (status IN ('QUEUED','RUNNING','DONE','FAILED','NO_MODEL','NO_CONSENT')),
        malignancy_probability real,
        lesion_probability real,
        call varchar(16) CHECK (call IN ('BENIGN','MALIGNANT')),
        category_system varchar(16),
        category_value varchar(8),
        category_label varchar(300),
        error_code varchar(50),
        error_message varchar(500),
        attempts integer NOT NULL DEFAULT 0,
        queued_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        completed_at timestamptz
      );
      -- One result per image and model: a retried job completes the same row, never a second one.
      CREATE UNIQUE INDEX pre_read_image_model_idx ON pre_read (image_id, model_version_id) WHERE model_version_id IS NOT NULL;
      CREATE INDEX pre_read_study_idx ON pre_read (study_id);
      CREATE INDEX pre_read_queue_idx ON pre_read (queued_at) WHERE status IN ('QUEUED','RUNNING');

      CREATE TABLE lesion (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        pre_read_id uuid NOT NULL REFERENCES pre_read(id) ON DELETE CASCADE,
        index integer NOT NULL,
        x real NOT NULL,
        y real NOT NULL,
        width real NOT NULL,
        height real NOT NULL,
        width_mm real,
        height_mm real,
        max_diameter_mm real,
        calibration_source varchar(24),
        probability real NOT NULL,
        UNIQUE (pre_read_id, index)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE lesion; DROP TABLE pre_read; DROP TABLE model_version; DROP TABLE upload;
      DROP TABLE study_image; DROP TABLE stored_blob; DROP TABLE study; DROP TABLE patient_consent; DROP TABLE patient;
    `);
  }
}
