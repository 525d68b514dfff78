import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Courses, question banks, timed exams, enrolment (CSV imports), live sessions, certificates, teaching cases. */
export class Training1764700000000 implements MigrationInterface {
  name = 'Training1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE course (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        institution_id uuid NOT NULL REFERENCES institution(id),
        created_by uuid NOT NULL REFERENCES app_user(id),
        title varchar(200) NOT NULL,
        description varchar(5000) NOT NULL DEFAULT '',
        credit_hours real NOT NULL CHECK (credit_hours >= 0),
        published boolean NOT NULL DEFAULT false,
        certificate_valid_months integer NOT NULL CHECK (certificate_valid_months > 0),
        required_attendance_minutes integer NOT NULL DEFAULT 0 CHECK (required_attendance_minutes >= 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE course_module (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        course_id uuid NOT NULL REFERENCES course(id),
        title varchar(200) NOT NULL,
        position integer NOT NULL,
        UNIQUE (course_id, position)
      );

      -- A de-identified copy of one study image: only this copy is ever served as course material.
      CREATE TABLE teaching_case (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        source_image_id uuid NOT NULL REFERENCES study_image(id),
        created_by uuid NOT NULL REFERENCES app_user(id),
        png_sha256 char(64) NOT NULL,
        dicom_sha256 char(64),
        width integer NOT NULL,
        height integer NOT NULL,
        method varchar(300) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE lesson (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        module_id uuid NOT NULL REFERENCES course_module(id),
        course_id uuid NOT NULL REFERENCES course(id),
        title varchar(200) NOT NULL,
        kind varchar(8) NOT NULL CHECK (kind IN ('TEXT','IMAGE','VIDEO','CASE')),
        position integer NOT NULL,
        body varchar(20000) NOT NULL DEFAULT '',
        media_url varchar(500),
        teaching_case_id uuid REFERENCES teaching_case(id),
        UNIQUE (module_id, position)
      );
      CREATE INDEX lesson_course_idx ON lesson (course_id);

      CREATE TABLE question (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        course_id uuid NOT NULL REFERENCES course(id),
        kind varchar(16) NOT NULL CHECK (kind IN ('SINGLE','MULTIPLE','MARK_LESION','CASE_CATEGORY','CASE_DECISION')),
        stem varchar(4000) NOT NULL,
        options jsonb NOT NULL DEFAULT '[]',
        correct_options jsonb NOT NULL DEFAULT '[]',
        lesion_box jsonb,
        image_url varchar(500),
        explanation varchar(4000) NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX question_course_idx ON question (course_id);

      CREATE TABLE exam (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        course_id uuid NOT NULL UNIQUE REFERENCES course(id),
        title varchar(200) NOT NULL,
        question_count integer NOT NULL CHECK (question_count > 0),
        time_limit_minutes integer NOT NULL CHECK (time_limit_minutes > 0),
        passing_score real NOT NULL CHECK (passing_score >= 0 AND passing_score <= 1),
        max_attempts integer NOT NULL CHECK (max_attempts > 0)
      );

      CREATE TABLE enrolment (
        course_id uuid NOT NULL REFERENCES course(id),
        user_id uuid NOT NULL REFERENCES app_user(id),
        institution_id uuid REFERENCES institution(id),
        cohort varchar(100),
        status varchar(12) NOT NULL DEFAULT 'ENROLLED' CHECK (status IN ('ENROLLED','COMPLETED','WITHDRAWN')),
        enrolled_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        PRIMARY KEY (course_id, user_id)
      );
      CREATE INDEX enrolment_user_idx ON enrolment (user_id);

      CREATE TABLE lesson_completion (
        user_id uuid NOT NULL REFERENCES app_user(id),
        lesson_id uuid NOT NULL REFERENCES lesson(id),
        course_id uuid NOT NULL REFERENCES course(id),
        completed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, lesson_id)
      );
      CREATE INDEX lesson_completion_course_idx ON lesson_completion (course_id, user_id);

      -- One row per attempt; the random draw is stored so a reload shows the same questions in the same order.
      CREATE TABLE exam_attempt (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        exam_id uuid NOT NULL REFERENCES exam(id),
        course_id uuid NOT NULL REFERENCES course(id),
        user_id uuid NOT NULL REFERENCES app_user(id),
        attempt_no integer NOT NULL,
        question_ids uuid[] NOT NULL,
        status varchar(12) NOT NULL DEFAULT 'IN_PROGRESS' CHECK (status IN ('IN_PROGRESS','SUBMITTED','EXPIRED')),
        started_at timestamptz(3) NOT NULL DEFAULT now(),
        deadline timestamptz(3) NOT NULL,
        submitted_at timestamptz(3),
        score real,
        passed boolean,
        UNIQUE (exam_id, user_id, attempt_no)
      );
      -- At most one open attempt per trainee and exam: a double click or two tabs resume the same one.
      CREATE UNIQUE INDEX exam_attempt_open_idx ON exam_attempt (exam_id, user_id) WHERE status = 'IN_PROGRESS';
      CREATE INDEX exam_attempt_deadline_idx ON exam_attempt (deadline) WHERE status = 'IN_PROGRESS';
      CREATE INDEX exam_attempt_course_idx ON exam_attempt (course_id, user_id);

      CREATE TABLE exam_answer (
        attempt_id uuid NOT NULL REFERENCES exam_attempt(id),
        question_id uuid NOT NULL REFERENCES question(id),
        options jsonb,
        point jsonb,
        correct boolean,
        saved_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (attempt_id, question_id)
      );
      CREATE INDEX exam_answer_question_idx ON exam_answer (question_id) WHERE correct IS NOT NULL;

      CREATE TABLE live_session (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        course_id uuid NOT NULL REFERENCES course(id),
        title varchar(200) NOT NULL,
        starts_at timestamptz NOT NULL,
        duration_minutes integer NOT NULL CHECK (duration_minutes > 0),
        presenter_id uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX live_session_course_idx ON live_session (course_id, starts_at);

      CREATE TABLE certificate (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        course_id uuid NOT NULL REFERENCES course(id),
        user_id uuid NOT NULL REFERENCES app_user(id),
        -- What the certificate states, fixed at issue: later renames do not change an issued certificate.
        holder_name varchar(200) NOT NULL,
        institution_name varchar(200) NOT NULL,
        course_title varchar(200) NOT NULL,
        credit_hours real NOT NULL,
        verification_code varchar(48) NOT NULL UNIQUE,
        issued_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_reason varchar(500),
        revoked_by uuid REFERENCES app_user(id),
        superseded_by uuid REFERENCES certificate(id),
        renews_id uuid REFERENCES certificate(id)
      );
      CREATE INDEX certificate_user_idx ON certificate (user_id, course_id);
      -- Issued automatically once per trainee and course (a revoked one is not re-issued behind the admin's back);
      -- later ones are renewals, one per certificate, even when two renewals race.
      CREATE UNIQUE INDEX certificate_first_idx ON certificate (course_id, user_id) WHERE renews_id IS NULL;
      CREATE UNIQUE INDEX certificate_renews_idx ON certificate (renews_id) WHERE renews_id IS NOT NULL;

      CREATE TABLE enrolment_report (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        course_id uuid NOT NULL REFERENCES course(id),
        created_by uuid NOT NULL REFERENCES app_user(id),
        rows integer NOT NULL,
        enrolled integer NOT NULL,
        already_enrolled integer NOT NULL,
        failed integer NOT NULL,
        errors jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX enrolment_report_course_idx ON enrolment_report (course_id, created_at DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE enrolment_report; DROP TABLE certificate; DROP TABLE live_session; DROP TABLE exam_answer; DROP TABLE exam_attempt;
      DROP TABLE lesson_completion; DROP TABLE enrolment; DROP TABLE exam; DROP TABLE question; DROP TABLE lesson;
      DROP TABLE teaching_case; DROP TABLE course_module; DROP TABLE course;
    `);
  }
}
