import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { JsonLogger } from '#contracts/logging/json-logger.js';
import { loadConfig } from '../../config/config.js';
import { createApp } from '../../create-app.js';
import { Role } from '../../identity/role.js';
import type { Actor } from '../../policy/actor.js';
import { WorklistFilter } from '../dto/consult.input.js';
import { WorklistService } from '../worklist.service.js';
import { percentile, round as roundTo } from '../../common/percentiles.js';
import { POSTGRES_SERVER_URL, postgresAdminQuery } from '../../database/postgres-admin.js';

/**
 * `npm run bench:worklist`: loads 1.3 million synthetic screenings (studies) with their consults into a fresh
 * PostgreSQL database and measures the specialists' worklist query, first pages and deep pages, with and
 * without filters. A measurement, not a test. BENCH_STUDIES scales it; the database is dropped afterwards.
 */
const STUDIES = Number(process.env.BENCH_STUDIES ?? 1_300_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 400);
const REGIONS = ['BREAST', 'THYROID', 'LIVER', 'GALLBLADDER', 'PANCREAS', 'SPLEEN', 'KIDNEY', 'BLADDER', 'PROSTATE', 'UTERUS', 'OVARY', 'CERVICAL_LYMPH_NODES'];

const round = (v: number) => roundTo(v, 2);


/** A region of 5 urban hospitals, 15 county hospitals and 100 township centres; 1 study in 7 is referred. */
async function load(ds: DataSource) {
  await ds.query(`
    INSERT INTO institution (code, name, type, prefecture)
      SELECT 'B-URB-' || g, 'Urban hospital ' || g, 'URBAN_HOSPITAL', 'Bench' FROM generate_series(1, 5) g;
    INSERT INTO institution (code, name, type, prefecture, parent_id)
      SELECT 'B-CTY-' || g, 'County hospital ' || g, 'COUNTY_HOSPITAL', 'Bench', (SELECT id FROM institution WHERE code = 'B-URB-' || (1 + g % 5))
      FROM generate_series(1, 15) g;
    INSERT INTO institution (code, name, type, prefecture, parent_id)
      SELECT 'B-TWN-' || g, 'Township centre ' || g, 'TOWNSHIP_HEALTH_CENTRE', 'Bench', (SELECT id FROM institution WHERE code = 'B-CTY-' || (1 + g % 15))
      FROM generate_series(1, 100) g;
    INSERT INTO app_user (username, display_name, password_hash) VALUES ('bench.doctor', 'Bench doctor', 'x'), ('bench.specialist', 'Bench specialist', 'x'), ('bench.thyroid', 'Bench thyroid reader', 'x');
    -- A reader of one region out of twelve: the routing filter skips most of the index to fill a page.
    INSERT INTO specialist_focus (user_id, region) SELECT id, 'THYROID' FROM app_user WHERE username = 'bench.thyroid';
    CREATE TEMP TABLE twn AS SELECT row_number() OVER (ORDER BY code) AS n, id FROM institution WHERE code LIKE 'B-TWN-%';
    CREATE TEMP TABLE urb AS SELECT row_number() OVER (ORDER BY code) AS n, id FROM institution WHERE code LIKE 'B-URB-%';
  `);
  const doctor = (await ds.query(`SELECT id FROM app_user WHERE username = 'bench.doctor'`))[0].id;
  const patients = Math.ceil(STUDIES / 3);
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
       SELECT p.id, p.institution_id, ($3::text[])[1 + g % 12], $1, now() - (g % 900) * interval '1 day'
       FROM generate_series(1, $2) g JOIN pat p ON p.n = 1 + g % ${patients}`,
    [doctor, STUDIES, REGIONS],
  );
  // Most consults are long signed; a few percent are open on the worklists.
  await ds.query(
    `INSERT INTO consult (study_id, patient_id, region, requesting_institution_id, requested_by, clinical_question, urgency, urgency_rank,
                          ai_risk, target_institution_id, status, requested_at, offered_at)
       SELECT s.id, s.patient_id, s.region, s.institution_id, $1, 'Second opinion',
              (ARRAY['ROUTINE','ROUTINE','ROUTINE','URGENT','EMERGENCY'])[1 + h % 5], (ARRAY[0,0,0,1,2])[1 + h % 5],
              CASE WHEN h % 10 = 0 THEN NULL ELSE (h % 1000) / 1000.0 END,
              (SELECT id FROM urb WHERE n = 1 + h % 5),
              CASE WHEN h % 100 < 4 THEN (ARRAY['OFFERED','OFFERED','CLAIMED','IN_REVIEW'])[1 + h % 4] ELSE 'SIGNED' END,
              s.created_at, s.created_at
       FROM (SELECT id, patient_id, region, institution_id, created_at, abs(hashtext(id::text)) AS h FROM study) s
       WHERE s.h % 7 = 0`,
    [doctor],
  );
  await ds.query('ANALYZE');
}

async function main() {
  const name = `oasis_bench_${randomBytes(4).toString('hex')}`;
  await postgresAdminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(POSTGRES_SERVER_URL);
  url.pathname = `/${name}`;
  try {
    const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: url.toString(), PORT: '0', LOG_LEVEL: 'error' });
    const app = await createApp({ config, schemaFile: false, logger: new JsonLogger('error') });
    const ds = app.get(DataSource);
    await ds.runMigrations();
    const started = performance.now();
    await load(ds);
    const loadSeconds = (performance.now() - started) / 1000;
    const [{ studies }] = await ds.query(`SELECT count(*)::int AS studies FROM study`);
    const [{ consults, open }] = await ds.query(`SELECT count(*)::int AS consults, count(*) FILTER (WHERE status IN ('OFFERED','CLAIMED','IN_REVIEW'))::int AS open FROM consult`);
    const hospitals: Array<{ id: string }> = await ds.query(`SELECT id FROM institution WHERE code LIKE 'B-URB-%' ORDER BY code`);
    const specialist = (await ds.query(`SELECT id FROM app_user WHERE username = 'bench.specialist'`))[0].id;
    const thyroidReader = (await ds.query(`SELECT id FROM app_user WHERE username = 'bench.thyroid'`))[0].id;
    const worklist = app.get(WorklistService);

    const kinds: Record<string, number[]> = { firstPage: [], deepPage: [], filtered: [], oneRegionReader: [] };
    for (let i = 0; i < QUERIES; i++) {
      const kind = (['firstPage', 'deepPage', 'filtered', 'oneRegionReader'] as const)[i % 4];
      const userId = kind === 'oneRegionReader' ? thyroidReader : specialist;
      const actor: Actor = { userId, username: 'bench', sessionId: 'bench', roles: [{ role: Role.SPECIALIST, institutionId: hospitals[i % hospitals.length].id }] };
      const filter = Object.assign(new WorklistFilter(), { limit: 25 });
      if (kind === 'filtered') Object.assign(filter, { region: REGIONS[i % 12], urgency: i % 2 ? 'URGENT' : undefined });
      if (kind === 'deepPage') {
        // Walk 10 pages in, then time the 11th.
        for (let p = 0; p < 10 && filter.after !== null; p++) filter.after = (await worklist.page(actor, filter)).nextCursor ?? undefined;
      }
      const t0 = performance.now();
      await worklist.page(actor, filter);
      kinds[kind].push(performance.now() - t0);
    }
    const all = Object.values(kinds).flat();
    await app.close();
    const figures = {
      studies,
      consults,
      openConsults: open,
      loadSeconds: round(loadSeconds),
      queries: all.length,
      worklistMs: { p50: round(percentile(all, 50)), p95: round(percentile(all, 95)), max: round(Math.max(...all)) },
      byKind: Object.fromEntries(Object.entries(kinds).map(([k, v]) => [k, { p50: round(percentile(v, 50)), p95: round(percentile(v, 95)) }])),
    };
    console.log(`Worklist benchmark: ${studies} studies, ${consults} consults (${open} open), loaded in ${figures.loadSeconds} s`);
    for (const [k, v] of Object.entries(figures.byKind)) console.log(`  ${k.padEnd(10)} p50 ${v.p50} ms   p95 ${v.p95} ms`);
    console.log(`  all        p50 ${figures.worklistMs.p50} ms   p95 ${figures.worklistMs.p95} ms   (${all.length} queries, audit row included)`);
    console.log(JSON.stringify(figures));
  } finally {
    await postgresAdminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

main().catch((error) => {
  console.error(`Benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : error}`);
  process.exit(1);
});
