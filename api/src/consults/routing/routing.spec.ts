import { randomUUID } from 'node:crypto';
import { createTestDatabase } from '../../testing/test-database.js';
import { isRoutedTo, type Routable, routedToSql } from './routing.js';

const me = randomUUID();
const other = randomUUID();
const consults: Array<[string, Routable]> = [
  ['breast, open', { region: 'BREAST', preferredSpecialistId: null, claimedBy: null }],
  ['thyroid, open', { region: 'THYROID', preferredSpecialistId: null, claimedBy: null }],
  ['breast, prefers me', { region: 'BREAST', preferredSpecialistId: me, claimedBy: null }],
  ['thyroid, prefers another', { region: 'THYROID', preferredSpecialistId: other, claimedBy: null }],
  ['liver, prefers another, claimed by me', { region: 'LIVER', preferredSpecialistId: other, claimedBy: me }],
];
const focuses: string[][] = [[], ['BREAST'], ['THYROID', 'LIVER']];

describe('consult routing', () => {
  it.each([
    [[], ['breast, open', 'thyroid, open', 'breast, prefers me', 'liver, prefers another, claimed by me']],
    [['BREAST'], ['breast, open', 'breast, prefers me', 'liver, prefers another, claimed by me']],
    [['THYROID', 'LIVER'], ['thyroid, open', 'breast, prefers me', 'liver, prefers another, claimed by me']],
  ])('a specialist reading %j gets %j', (focus, expected) => {
    expect(consults.filter(([, c]) => isRoutedTo(c, me, focus)).map(([name]) => name)).toEqual(expected);
  });

  it('says the same in SQL as in TypeScript, for every focus', async () => {
    const { dataSource, close } = await createTestDatabase('pglite');
    try {
      await dataSource.query('CREATE TEMP TABLE c (name text, region text, preferred_specialist_id uuid, claimed_by uuid)');
      for (const [name, c] of consults) {
        await dataSource.query('INSERT INTO c VALUES ($1, $2, $3, $4)', [name, c.region, c.preferredSpecialistId, c.claimedBy]);
      }
      for (const focus of focuses) {
        const { sql, params } = routedToSql(me, focus);
        const rows = await dataSource.createQueryBuilder().select('c.name', 'name').from('c', 'c').where(sql, params).orderBy('c.name').getRawMany();
        const expected = consults.filter(([, c]) => isRoutedTo(c, me, focus)).map(([name]) => name).sort();
        expect(rows.map((r: { name: string }) => r.name)).toEqual(expected);
      }
    } finally {
      await close();
    }
  });
});
