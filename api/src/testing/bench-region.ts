import type { DataSource } from 'typeorm';

export const BENCH_REGIONS = ['BREAST', 'THYROID', 'LIVER', 'GALLBLADDER', 'PANCREAS', 'SPLEEN', 'KIDNEY', 'BLADDER', 'PROSTATE', 'UTERUS', 'OVARY', 'CERVICAL_LYMPH_NODES'];

/**
 * The benchmarks' synthetic region, loaded with set-based SQL: 5 urban hospitals (one prefecture each), 15
 * county hospitals and 100 township centres under them; `studies` screenings at the township centres spread
 * over 900 days (30 months), a third as many patients; 1 study in 7 referred, most consults long signed
 * (claimed after 5 minutes to 8 hours, signed 10 minutes to 2 hours later; 1 in 20 escalated), a few percent
 * open on the worklists. Leaves temp tables `twn` and `urb` (n, id) for the caller.
 */
export async function loadBenchRegion(ds: DataSource, studies: number): Promise<void> {
  await ds.query(`
    INSERT INTO institution (code, name, type, prefecture)
      SELECT 'B-URB-' || g, 'Urban hospital ' || g, 'URBAN_HOSPITAL', 'Prefecture ' || g FROM generate_series(1, 5) g;
    INSERT INTO institution (code, name, type, prefecture, county, parent_id)
      SELECT 'B-CTY-' || g, 'County hospital ' || g, 'COUNTY_HOSPITAL', 'Prefecture ' || (1 + g % 5), 'County ' || g, (SELECT id FROM institution WHERE code = 'B-URB-' || (1 + g % 5))
      FROM generate_series(1, 15) g;
    INSERT INTO institution (code, name, type, prefecture, county, parent_id)
      SELECT 'B-TWN-' || g, 'Township centre ' || g, 'TOWNSHIP_HEALTH_CENTRE', 'Prefecture ' || (1 + (1 + g % 15) % 5), 'County ' || (1 + g % 15), (SELECT id FROM institution WHERE code = 'B-CTY-' || (1 + g % 15))
      FROM generate_series(1, 100) g;
    INSERT INTO app_user (username, display_name, password_hash) VALUES ('bench.doctor', 'Bench doctor', 'x'), ('bench.specialist', 'Bench specialist', 'x'), ('bench.thyroid', 'Bench thyroid reader', 'x');
    CREATE TEMP TABLE twn AS SELECT row_number() OVER (ORDER BY code) AS n, id FROM institution WHERE code LIKE 'B-TWN-%';
    CREATE TEMP TABLE urb AS SELECT row_number() OVER (ORDER BY code) AS n, id FROM institution WHERE code LIKE 'B-URB-%';
  `);
  const doctor = (await ds.query(`SELECT id FROM app_user WHERE username = 'bench.doctor'`))[0].id;
  const patients = Math.ceil(studies / 3);
  await ds.query(
    `INSERT INTO patient (institution_id, name, sex, birth_date, created_by)
       SELECT (SELECT id FROM twn WHERE n = 1 + g % 100), 'Patient ' || g, CASE WHEN g % 2 = 0 THEN 'F' ELSE 'M' END,
              date '1950-01-01' + (g % 20000), $1
       FROM generate_series(1, $2) g`,
    [doctor, patients],
  );
  await ds.query(`CREATE TEMP TABLE pat AS SELECT row_number() OVER (ORDER BY id) AS n, id, institution_id FROM patient`);
  await ds.query(
    `INSERT INTO study (patient_id, institution_id, region, created_by, created_at)
       SELECT p.id, p.institution_id, ($3::text[])[1 + g % 12], $1, now() - (g % 900) * interval '1 day' - (g % 600) * interval '1 minute'
       FROM generate_series(1, $2) g JOIN pat p ON p.n = 1 + g % ${patients}`,
    [doctor, studies, BENCH_REGIONS],
  );
  await ds.query(
    `INSERT INTO consult (study_id, patient_id, region, requesting_institution_id, requested_by, clinical_question, urgency, urgency_rank,
                          ai_risk, target_institution_id, status, requested_at, offered_at, escalations, request_to_claim_seconds, claim_to_sign_seconds)
       SELECT s.id, s.patient_id, s.region, s.institution_id, $1, 'Second opinion',
              (ARRAY['ROUTINE','ROUTINE','ROUTINE','URGENT','EMERGENCY'])[1 + h % 5], (ARRAY[0,0,0,1,2])[1 + h % 5],
              CASE WHEN h % 10 = 0 THEN NULL ELSE (h % 1000) / 1000.0 END,
              (SELECT id FROM urb WHERE n = 1 + h % 5),
              o.status, s.created_at, s.created_at,
              CASE WHEN h % 20 = 0 THEN 1 ELSE 0 END,
              CASE WHEN o.status = 'SIGNED' THEN 300 + h % 28500 END,
              CASE WHEN o.status = 'SIGNED' THEN 600 + (h / 7) % 6600 END
       FROM (SELECT id, patient_id, region, institution_id, created_at, abs(hashtext(id::text)) AS h FROM study) s
       CROSS JOIN LATERAL (SELECT CASE WHEN s.h % 100 < 4 THEN (ARRAY['OFFERED','OFFERED','CLAIMED','IN_REVIEW'])[1 + s.h % 4] ELSE 'SIGNED' END AS status) o
       WHERE s.h % 7 = 0`,
    [doctor],
  );
}
