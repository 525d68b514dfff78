import { AuditEvent, AuditOutcome } from '../audit/audit-event.entity.js';
import { Institution, InstitutionType } from '../identity/institution.entity.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../testing/test-database.js';

describe.each(DATABASE_KINDS)('database on %s', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(() => db?.close());

  it('applies every migration and records it', async () => {
    const applied = await db.dataSource.query('SELECT name FROM migrations');
    expect(applied.map((m: { name: string }) => m.name)).toContain('Foundation1764200000000');
    expect(await db.dataSource.showMigrations()).toBe(false);
  });

  it('maps entities to the migrated schema', async () => {
    const saved = await db.dataSource.getRepository(Institution).save({
      code: `T-${kind}`,
      name: 'Test centre',
      type: InstitutionType.TOWNSHIP_HEALTH_CENTRE,
      prefecture: 'Kashgar',
      county: null,
      parentId: null,
    });
    const found = await db.dataSource.getRepository(Institution).findOneByOrFail({ id: saved.id });
    expect(found).toMatchObject({ code: `T-${kind}`, active: true });
    expect(found.createdAt).toBeInstanceOf(Date);
  });

  it('refuses to update, delete or truncate audit rows, to the owner too', async () => {
    const repo = db.dataSource.getRepository(AuditEvent);
    const row = await repo.save({ action: 'test.write', resourceType: 'test', outcome: AuditOutcome.SUCCESS });
    await expect(db.dataSource.query(`UPDATE audit_event SET action = 'x' WHERE id = $1`, [row.id])).rejects.toThrow(/permission denied/);
    await db.asOwner(async (query) => {
      await expect(query(`UPDATE audit_event SET action = 'x' WHERE id = $1`, [row.id])).rejects.toThrow(/append-only/);
      await expect(query(`DELETE FROM audit_event WHERE id = $1`, [row.id])).rejects.toThrow(/append-only/);
      await expect(query(`TRUNCATE audit_event`)).rejects.toThrow(/append-only/);
    });
    expect(await repo.findOneByOrFail({ id: row.id })).toMatchObject({ action: 'test.write' });
  });

  it('keeps concurrent transactions isolated and rolls back a failed one whole', async () => {
    const repo = db.dataSource.getRepository(Institution);
    const failing = db.dataSource.transaction(async (manager) => {
      await manager.save(Institution, { code: `R-${kind}`, name: 'Rolled back', type: InstitutionType.COUNTY_HOSPITAL, prefecture: 'P' });
      await new Promise((resolve) => setTimeout(resolve, 20));
      throw new Error('boom');
    });
    const other = db.dataSource.transaction((manager) =>
      manager.save(Institution, { code: `K-${kind}`, name: 'Kept', type: InstitutionType.COUNTY_HOSPITAL, prefecture: 'P' }),
    );
    await expect(failing).rejects.toThrow('boom');
    await other;
    expect(await repo.countBy({ code: `R-${kind}` })).toBe(0);
    expect(await repo.countBy({ code: `K-${kind}` })).toBe(1);
  });

  it('reports affected rows of an update', async () => {
    const result = await db.dataSource.getRepository(Institution).update({ prefecture: 'P' }, { county: 'C' });
    expect(result.affected).toBe(1);
  });
});
