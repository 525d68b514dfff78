import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { Role } from '../../identity/role.js';
import type { Actor } from '../../policy/actor.js';
import { WorklistFilter } from '../dto/consult.input.js';
import { WorklistService } from '../worklist.service.js';
import { percentile, round as roundTo } from '../../common/percentiles.js';
import { withBenchApp } from '../../testing/bench-database.js';
import { BENCH_REGIONS, loadBenchRegion } from '../../testing/bench-region.js';

/**
 * `npm run bench:worklist`: loads 1.3 million synthetic screenings (studies) with their consults into a fresh
 * PostgreSQL database and measures the specialists' worklist query, first pages and deep pages, with and
 * without filters. A measurement, not a test. BENCH_STUDIES scales it; the database is dropped afterwards.
 */
const STUDIES = Number(process.env.BENCH_STUDIES ?? 1_300_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 400);

const round = (v: number) => roundTo(v, 2);


/** The shared region (testing/bench-region.ts), plus a reader of one region out of twelve: the routing filter skips most of the index to fill a page. */
async function load(ds: DataSource) {
  await loadBenchRegion(ds, STUDIES);
  await ds.query(`INSERT INTO specialist_focus (user_id, region) SELECT id, 'THYROID' FROM app_user WHERE username = 'bench.thyroid'`);
  await ds.query('ANALYZE');
}

async function main() {
  await withBenchApp(async (app, ds) => {
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
      if (kind === 'filtered') Object.assign(filter, { region: BENCH_REGIONS[i % 12], urgency: i % 2 ? 'URGENT' : undefined });
      if (kind === 'deepPage') {
        // Walk 10 pages in, then time the 11th.
        for (let p = 0; p < 10 && filter.after !== null; p++) filter.after = (await worklist.page(actor, filter)).nextCursor ?? undefined;
      }
      const t0 = performance.now();
      await worklist.page(actor, filter);
      kinds[kind].push(performance.now() - t0);
    }
    const all = Object.values(kinds).flat();
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
  });
}

main().catch((error) => {
  console.error(`Benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : error}`);
  process.exit(1);
});
