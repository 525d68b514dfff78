import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { percentile, round as roundTo } from '../../common/percentiles.js';
import { withBenchApp } from '../../testing/bench-database.js';
import { Role } from '../../identity/role.js';
import type { Actor } from '../../policy/actor.js';
import { loadBenchRegion } from '../../testing/bench-region.js';
import { DashboardService } from '../dashboard.service.js';
import type { DashboardFilter } from '../dto/dashboard.types.js';
import { ScreeningRollup } from '../screening-rollup.service.js';

/**
 * `npm run bench:dashboard`: loads 1.3 million synthetic screenings at 100 township centres over 30 months
 * (testing/bench-region.ts) with one pre-read each (6 % called malignant), consults (1 in 7), follow-ups of the
 * AI-positive studies with outcomes and pathology, and training records (9,000 staff, certificates, 300 live
 * sessions with attendance) into a fresh PostgreSQL database, builds the rollup, and measures each dashboard
 * query and drill-down through DashboardService (audit row included). A measurement, not a test. BENCH_STUDIES
 * scales it; the database is dropped afterwards.
 */
const STUDIES = Number(process.env.BENCH_STUDIES ?? 1_300_000);
const RUNS = Number(process.env.BENCH_QUERIES ?? 60);
const round = (v: number) => roundTo(v, 2);

async function load(ds: DataSource) {
  await loadBenchRegion(ds, STUDIES);
  await ds.query(`INSERT INTO stored_blob (sha256, size, content_type) VALUES (repeat('ab', 32), 1, 'image/png')`);
  await ds.query(`INSERT INTO study_image (study_id, blob_sha256, format, width, height, calibration, created_at) SELECT id, repeat('ab', 32), 'PNG', 640, 480, '{}', created_at FROM study`);
  await ds.query(
    `INSERT INTO pre_read (image_id, study_id, status, call, malignancy_probability, queued_at, completed_at)
       SELECT i.id, i.study_id, 'DONE', CASE WHEN abs(hashtext(i.id::text)) % 100 < 6 THEN 'MALIGNANT' ELSE 'BENIGN' END, 0.5, i.created_at, i.created_at + interval '20 seconds'
       FROM study_image i`,
  );
  // Each AI-positive study opens a follow-up: 70 % done (a third of those malignant), 10 % declined, moved or lost, 20 % still open.
  await ds.query(
    `INSERT INTO follow_up_case (study_id, patient_id, institution_id, region, source, pre_read_id, action, due_at, status, outcome, outcome_reason, outcome_on, opened_at, closed_at)
       SELECT s.id, s.patient_id, s.institution_id, s.region, 'AI_PRE_READ', p.id, CASE WHEN h % 3 = 0 THEN 'FNA' ELSE 'BIOPSY_REFERRAL' END, s.created_at + interval '30 days',
              CASE WHEN h % 10 < 8 THEN 'CLOSED' ELSE 'OPEN' END,
              CASE WHEN h % 10 < 7 THEN 'DONE' WHEN h % 10 = 7 THEN (ARRAY['DECLINED','MOVED_AWAY','LOST_TO_FOLLOW_UP'])[1 + h % 3] END,
              CASE WHEN h % 10 = 7 THEN 'Recorded by the bench' END,
              CASE WHEN h % 10 < 8 THEN (s.created_at + (5 + h % 40) * interval '1 day')::date END,
              s.created_at, CASE WHEN h % 10 < 8 THEN s.created_at + (5 + h % 40) * interval '1 day' END
       FROM pre_read p JOIN study s ON s.id = p.study_id CROSS JOIN LATERAL (SELECT abs(hashtext(p.id::text)) AS h) x
       WHERE p.call = 'MALIGNANT'`,
  );
  await ds.query(
    `INSERT INTO follow_up_lesion (case_id, pathology, pathology_at)
       SELECT id, CASE WHEN abs(hashtext(id::text)) % 3 = 0 THEN 'MALIGNANT' ELSE 'BENIGN' END, closed_at FROM follow_up_case WHERE outcome = 'DONE'`,
  );
  // Training: 9,000 staff across the institutions, 8,000 certified over the 30 months, 300 live sessions with 20 attendees each.
  await ds.query(`
    INSERT INTO app_user (username, display_name, password_hash) SELECT 'bench.staff.' || g, 'Staff ' || g, 'x' FROM generate_series(1, 9000) g;
    INSERT INTO role_assignment (user_id, institution_id, role)
      SELECT u.id, i.id, CASE WHEN u.n % 10 = 0 THEN 'SPECIALIST' ELSE 'TOWNSHIP_DOCTOR' END
      FROM (SELECT id, row_number() OVER (ORDER BY username) AS n FROM app_user WHERE username LIKE 'bench.staff.%') u
      JOIN (SELECT id, row_number() OVER (ORDER BY code) AS n FROM institution) i ON i.n = 1 + u.n % 120;
    INSERT INTO course (institution_id, created_by, title, credit_hours, published, certificate_valid_months)
      SELECT id, (SELECT id FROM app_user WHERE username = 'bench.doctor'), 'Screening course ' || n, 8, true, 24 FROM urb;
    INSERT INTO certificate (course_id, user_id, holder_name, institution_name, course_title, credit_hours, verification_code, issued_at, expires_at)
      SELECT (SELECT id FROM course ORDER BY id LIMIT 1), u.id, u.display_name, 'Bench', 'Screening course', 8, md5(u.id::text),
             now() - (u.n % 900) * interval '1 day', now() - (u.n % 900) * interval '1 day' + interval '24 months'
      FROM (SELECT id, display_name, row_number() OVER (ORDER BY username) AS n FROM app_user WHERE username LIKE 'bench.staff.%') u WHERE u.n <= 8000;
    INSERT INTO live_session (course_id, title, starts_at, duration_minutes, presenter_id)
      SELECT c.id, 'Live session ' || g, now() - g * interval '3 days', 60, c.created_by FROM generate_series(1, 300) g CROSS JOIN LATERAL (SELECT id, created_by FROM course ORDER BY id OFFSET g % 5 LIMIT 1) c;
    INSERT INTO media_attendance (peer_id, room, user_id, joined_at, left_at)
      SELECT s.id || ':' || u.n, 'training:' || s.id, u.id, s.starts_at, s.starts_at + interval '55 minutes'
      FROM live_session s CROSS JOIN LATERAL (SELECT id, row_number() OVER () AS n FROM app_user WHERE username LIKE 'bench.staff.%' OFFSET (abs(hashtext(s.id::text)) % 8900) LIMIT 20) u;
  `);
  await ds.query('ANALYZE');
}

async function main() {
  await withBenchApp(async (app, ds) => {
    let t0 = performance.now();
    await load(ds);
    const loadSeconds = (performance.now() - t0) / 1000;
    const rollup = app.get(ScreeningRollup);
    t0 = performance.now();
    const groups = await rollup.refresh();
    const rollupSeconds = (performance.now() - t0) / 1000;
    // A day's new screenings region-wide (1.3 million over 900 days), then the incremental pass that counts them.
    await ds.query(
      `INSERT INTO study (patient_id, institution_id, region, created_by) SELECT patient_id, institution_id, region, created_by FROM study ORDER BY created_at LIMIT ${Math.ceil(STUDIES / 900)}`,
    );
    t0 = performance.now();
    const touched = await rollup.refresh();
    const incrementalMs = performance.now() - t0;
    const [counts] = await ds.query(
      `SELECT (SELECT count(*) FROM study)::int AS screenings, (SELECT count(*) FROM consult)::int AS consults, (SELECT count(*) FROM follow_up_case)::int AS follow_ups,
              (SELECT count(*) FROM certificate)::int AS certificates, (SELECT count(*) FROM media_attendance)::int AS attendances`,
    );

    const id = async (sql: string) => (await ds.query(sql))[0].id as string;
    const user = await id(`SELECT id FROM app_user WHERE username = 'bench.doctor'`);
    const actor = (role: Role, institutionId: string): Actor => ({ userId: user, username: 'bench', sessionId: 'bench', roles: [{ role, institutionId }] });
    const urban = await id(`SELECT id FROM institution WHERE code = 'B-URB-1'`);
    const county = await id(`SELECT id FROM institution WHERE code = 'B-CTY-1'`);
    const township = await id(`SELECT id FROM institution WHERE code = 'B-TWN-1'`);
    // The region's admin: an admin at each of the five roots, so every institution is in their tree.
    const roots: Array<{ id: string }> = await ds.query(`SELECT id FROM institution WHERE code LIKE 'B-URB-%'`);
    const regionAdmin: Actor = { ...actor(Role.ADMIN, urban), roles: roots.map((r) => ({ role: Role.ADMIN, institutionId: r.id })) };
    const cases: Record<string, { who: Actor; filter: DashboardFilter }> = {
      regionYear: { who: regionAdmin, filter: {} },
      region30Months: { who: regionAdmin, filter: { fromMonth: '2000-01' } },
      prefecture: { who: regionAdmin, filter: { prefecture: 'Prefecture 2' } },
      drillCounty: { who: regionAdmin, filter: { institutionId: county, fromMonth: '2000-01' } },
      drillTownship: { who: regionAdmin, filter: { institutionId: township } },
      countyAdmin: { who: actor(Role.ADMIN, county), filter: {} },
      townshipSummary: { who: actor(Role.TOWNSHIP_DOCTOR, township), filter: {} },
    };
    const dashboard = app.get(DashboardService);
    const timings: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
    let regionScreenings = 0;
    for (let i = 0; i < RUNS; i++) {
      for (const [kind, { who, filter }] of Object.entries(cases)) {
        const start = performance.now();
        const answer = await dashboard.dashboard(who, filter);
        timings[kind].push(performance.now() - start);
        if (kind === 'region30Months') regionScreenings = answer.screenings;
      }
    }
    const p95 = Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, round(percentile(v, 95))]));
    console.log(`Dashboard benchmark: ${counts.screenings} screenings, ${counts.consults} consults, ${counts.follow_ups} follow-ups, ${counts.certificates} certificates, ${counts.attendances} attendances; loaded in ${round(loadSeconds)} s`);
    console.log(`  rollup built in ${round(rollupSeconds)} s (${groups} institution-months); a day's ${Math.ceil(STUDIES / 900)} new screenings counted in ${round(incrementalMs)} ms (${touched} institution-months)`);
    console.log(`  the region admin's 30 months count ${regionScreenings} screenings`);
    for (const [k, v] of Object.entries(timings)) console.log(`  ${k.padEnd(16)} p50 ${round(percentile(v, 50))} ms   p95 ${round(percentile(v, 95))} ms   (${v.length} queries)`);
    console.log(JSON.stringify({ screenings: counts.screenings, p95 }));
  });
}

main().catch((error) => {
  console.error(`Benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : error}`);
  process.exit(1);
});
