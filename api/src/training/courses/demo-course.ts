import type { EntityManager } from 'typeorm';

/**
 * The demo region's course, so the portal has something to show: published, one module of two lessons, a bank
 * of four case questions and an exam of three; the demo trainee is enrolled.
 */
export async function seedDemoCourse(manager: EntityManager, ids: { institutionId: string; trainerId: string; traineeId: string; traineeInstitutionId: string }): Promise<void> {
  const [{ id: courseId }] = await manager.query(
    `INSERT INTO course (institution_id, created_by, title, description, credit_hours, published, certificate_valid_months)
     VALUES ($1, $2, 'Breast ultrasound: BI-RADS in practice',
             'Reading breast ultrasound with the BI-RADS lexicon, from the first scan to the biopsy-or-follow-up decision.', 4, true, 24)
     RETURNING id`,
    [ids.institutionId, ids.trainerId],
  );
  const [{ id: moduleId }] = await manager.query(`INSERT INTO course_module (course_id, title, position) VALUES ($1, 'BI-RADS categories', 1) RETURNING id`, [courseId]);
  await manager.query(
    `INSERT INTO lesson (module_id, course_id, title, kind, position, body) VALUES
       ($1, $2, 'What the categories mean', 'TEXT', 1, 'BI-RADS 2 is benign, 3 probably benign (short-interval follow-up), 4A/4B/4C suspicious (biopsy), 5 highly suggestive of malignancy.'),
       ($1, $2, 'Margins, shape and orientation', 'TEXT', 2, 'Angular or spiculated margins, irregular shape and a non-parallel (taller-than-wide) orientation raise the category.')`,
    [moduleId, courseId],
  );
  await manager.query(
    `INSERT INTO question (course_id, position, kind, stem, options, correct_options, explanation) VALUES
       ($1, 1, 'SINGLE', 'Which BI-RADS category means "probably benign"?', '["2","3","4A","5"]', '[1]', 'Category 3: short-interval follow-up.'),
       ($1, 2, 'MULTIPLE', 'Which features suggest malignancy?', '["Angular margins","Parallel orientation","Posterior shadowing","Thin echogenic capsule"]', '[0,2]', 'Angular margins and posterior shadowing are suspicious.'),
       ($1, 3, 'CASE_CATEGORY', 'An irregular, non-parallel mass with indistinct margins: which category?', '["3","4A","4C","2"]', '[2]', 'Several suspicious features: 4C.'),
       ($1, 4, 'CASE_DECISION', 'BI-RADS 4B: biopsy or follow-up?', '["Biopsy","Follow-up in 6 months"]', '[0]', 'Category 4 calls for tissue diagnosis.')`,
    [courseId],
  );
  await manager.query(
    `INSERT INTO exam (course_id, title, question_count, time_limit_minutes, passing_score, max_attempts) VALUES ($1, 'BI-RADS final exam', 3, 20, 0.6, 3)`,
    [courseId],
  );
  await manager.query(`INSERT INTO enrolment (course_id, user_id, institution_id, cohort) VALUES ($1, $2, $3, 'Demo cohort')`, [courseId, ids.traineeId, ids.traineeInstitutionId]);
}
