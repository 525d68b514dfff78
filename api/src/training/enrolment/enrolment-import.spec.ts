import { codeOf, createTestApp, type TestApp } from '../../testing/test-app.js';
import { DATABASE_KINDS } from '../../testing/test-database.js';
import { createSignedInUser } from '../../testing/users.js';
import { buildCourse } from '../testing/training-fixtures.js';

const HEADER = 'username,full_name,institution_code,cohort\n';
/** The size cap in these tests: above the 9,000-row file (about 540 KB), below the refused ones. */
const CAP = 1_048_576;
const gbk = (text: string) => {
  // Node can decode GBK but not encode it: map the few characters these tests use by hand.
  const table: Record<string, number[]> = { 王: [0xcd, 0xf5], 芳: [0xb7, 0xbc], 李: [0xc0, 0xee], 娜: [0xc4, 0xc8], 班: [0xb0, 0xe0] };
  return Buffer.from([...text].flatMap((c) => table[c] ?? [...Buffer.from(c, 'latin1')]));
};

interface Report {
  id: string;
  rows: number;
  enrolled: number;
  alreadyEnrolled: number;
  failed: number;
  errors: Array<{ line: number; message: string }>;
}

describe.each(DATABASE_KINDS)('CSV bulk enrolment (%s)', (kind) => {
  let t: TestApp;
  let admin: string;
  let courseId: string;

  const upload = async (body: RequestInit['body'], token = admin, id = courseId) => {
    const response = await fetch(`${t.url}/training/courses/${id}/enrolments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      body,
      duplex: 'half',
    } as RequestInit);
    return { status: response.status, body: (await response.json()) as Report & { errors: Array<{ line: number; message: string; extensions?: { code: string } }> } };
  };
  const count = async (sql: string, params: unknown[] = []) => (await t.dataSource.query(sql, params))[0].count as number;

  beforeAll(async () => {
    t = await createTestApp(kind, { OASIS_MAX_CSV_BYTES: String(CAP) });
    admin = await t.signIn('admin');
    courseId = (await buildCourse(t, await t.signIn('trainer'))).courseId;
  });
  afterAll(() => t?.close());

  it('reads UTF-8 with a BOM and GBK alike, creating missing staff as trainees without a usable password', async () => {
    const bom = await upload(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${HEADER}wang.fang,王芳,KS-SF-T01,Shufu 2026\n`)]));
    expect(bom.status).toBe(200);
    expect(bom.body).toMatchObject({ rows: 1, enrolled: 1, alreadyEnrolled: 0, failed: 0 });
    const gbkFile = await upload(Buffer.concat([Buffer.from(HEADER), gbk('li.na,李娜,KS-SL-T01,班\n')]));
    expect(gbkFile.body).toMatchObject({ rows: 1, enrolled: 1, failed: 0 });
    const users = await t.dataSource.query(
      `SELECT u.username, u.display_name, u.must_change_password, u.password_hash, r.role, i.code, e.cohort
       FROM app_user u JOIN role_assignment r ON r.user_id = u.id JOIN institution i ON i.id = r.institution_id
       JOIN enrolment e ON e.user_id = u.id AND e.course_id = $1 WHERE u.username IN ('wang.fang', 'li.na') ORDER BY u.username`,
      [courseId],
    );
    expect(users.map((u: Record<string, unknown>) => [u.username, u.display_name, u.role, u.code, u.cohort, u.must_change_password])).toEqual([
      ['li.na', '李娜', 'TRAINEE', 'KS-SL-T01', '班', true],
      ['wang.fang', '王芳', 'TRAINEE', 'KS-SF-T01', 'Shufu 2026', true],
    ]);
    // No password until an admin issues a temporary one: signing in is refused.
    const signIn = await t.gql('mutation($i: SignInInput!) { signIn(input: $i) { accessToken } }', { i: { username: 'wang.fang', password: 'anything-1234' } });
    expect(codeOf(signIn)).toBe('INVALID_CREDENTIALS');
  });

  it('refuses a file without the expected header, or not in one encoding, and writes nothing', async () => {
    const before = await count(`SELECT count(*)::int AS count FROM enrolment`);
    const wrong = await upload(`user,name,institution\nzhang.wei,Zhang Wei,KS-SF-T01\n`);
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0]).toMatchObject({ extensions: { code: 'CSV_INVALID' } });
    expect(wrong.body.errors[0]!.message).toMatch(/username,full_name,institution_code,cohort/);
    // UTF-8 first, then a GBK byte sequence further down.
    const mixed = await upload(Buffer.concat([Buffer.from(`${HEADER}a.b,王芳,KS-SF-T01,x\n`), gbk('c.d,李娜,KS-SF-T01,x\n')]));
    expect(mixed.status).toBe(400);
    expect(mixed.body.errors[0]).toMatchObject({ extensions: { code: 'CSV_INVALID' } });
    expect(codeOf({ status: 0, errors: (await upload(HEADER, await t.signIn('trainee'))).body.errors })).toBe('FORBIDDEN');
    expect(await count(`SELECT count(*)::int AS count FROM enrolment`)).toBe(before);
  });

  it('lets the course’s trainer enrol existing staff of their own institution, and nobody else’s, nor create accounts', async () => {
    const institute = (await t.dataSource.query(`SELECT id FROM institution WHERE code = 'KS-TI'`))[0].id;
    await createSignedInUser(t, admin, 'ti.tutor', [{ role: 'TRAINEE', institutionId: institute }]);
    const file = `${HEADER}ti.tutor,,KS-TI,Institute staff\ndoctor,,KS-SF-T01,x\nnew.person,New Person,KS-TI,x\n`;
    const report = await upload(file, await t.signIn('trainer'));
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ rows: 3, enrolled: 1, failed: 2 });
    expect(report.body.errors).toEqual([
      { line: 3, message: 'Institution KS-SF-T01 is not your institution: by CSV, trainers enrol their own institution’s staff' },
      { line: 4, message: 'Unknown user "new.person": only an admin creates accounts' },
    ]);
    expect(await count(`SELECT count(*)::int AS count FROM app_user WHERE username = 'new.person'`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS count FROM enrolment e JOIN app_user u ON u.id = e.user_id WHERE u.username = 'ti.tutor' AND e.course_id = $1`, [courseId])).toBe(1);
  });

  it('validates every row and reports the failures by line, enrolling the good ones', async () => {
    const file = [
      HEADER.trimEnd(),
      'ok.one,Ok One,KS-SF-T02,A', // line 2
      'ok.one,Ok One Again,KS-SF-T02,A', // 3: duplicate
      'ghost,Ghost,NOPE-01,A', // 4: unknown institution
      'short.row,Short', // 5: wrong column count
      'Bad Name!,Bad,KS-SF-T02,A', // 6: bad username
      'nobody.known,,KS-SF-T02,A', // 7: unknown user, no name to create one
      '"unterminated,quote,KS-SF-T02,A',
    ].join('\n');
    const { body } = await upload(file);
    expect(body).toMatchObject({ enrolled: 1, alreadyEnrolled: 0 });
    expect(body.errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(body.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/Duplicate.*line 2/),
      expect.stringMatching(/Unknown institution code "NOPE-01"/),
      expect.stringMatching(/Expected 4 columns.*found 2/),
      expect.stringMatching(/Username "Bad Name!"/),
      expect.stringMatching(/Unknown user "nobody.known"; give full_name/),
      expect.stringMatching(/Malformed CSV/),
    ]);
    expect(body.failed).toBe(6);
    const reports = await t.gql('query($c: ID!) { enrolmentReports(courseId: $c) { id failed errors { line } } }', { c: courseId }, admin);
    expect(reports.data!.enrolmentReports[0]).toMatchObject({ id: body.id, failed: 6 });
  });

  it('streams 9,000 rows in batches and is idempotent when the same file comes again', async () => {
    const ROWS = 9000;
    const codes = ['KS-SF-T01', 'KS-SF-T02', 'KS-SF-T03', 'KS-SL-T01', 'KS-SL-T02', 'KS-SL-T03'];
    const line = (i: number) => `staff.${String(i).padStart(5, '0')},Staff member ${i},${codes[i % codes.length]},${codes[i % codes.length]} 2026\n`;
    let rowsWhileSending = -1;
    /** The file, produced as the server asks for it; halfway through we look whether rows have landed already. */
    const stream = () => {
      let i = 0;
      return new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (i === 0) controller.enqueue(new TextEncoder().encode(HEADER));
          if (i === ROWS / 2 && rowsWhileSending < 0) {
            rowsWhileSending = await count(`SELECT count(*)::int AS count FROM app_user WHERE username LIKE 'staff.%'`);
          }
          if (i >= ROWS) return controller.close();
          let chunk = '';
          for (const end = i + 250; i < end; i++) chunk += line(i);
          controller.enqueue(new TextEncoder().encode(chunk));
        },
      });
    };
    const started = Date.now();
    const first = await upload(stream());
    expect(first.body).toMatchObject({ rows: ROWS, enrolled: ROWS, alreadyEnrolled: 0, failed: 0 });
    // Nothing is applied before the whole file has arrived (all or nothing).
    expect(rowsWhileSending).toBe(0);
    expect(Date.now() - started).toBeLessThan(60_000);
    const users = await count(`SELECT count(*)::int AS count FROM app_user WHERE username LIKE 'staff.%'`);
    expect(users).toBe(ROWS);

    const second = await upload(stream());
    expect(second.body).toMatchObject({ rows: ROWS, enrolled: 0, alreadyEnrolled: ROWS, failed: 0 });
    expect(await count(`SELECT count(*)::int AS count FROM app_user WHERE username LIKE 'staff.%'`)).toBe(ROWS);
    expect(await count(`SELECT count(*)::int AS count FROM role_assignment r JOIN app_user u ON u.id = r.user_id WHERE u.username LIKE 'staff.%'`)).toBe(ROWS);
    // and the three admin rows and the trainer's one before
    expect(await count(`SELECT count(*)::int AS count FROM enrolment WHERE course_id = $1`, [courseId])).toBe(ROWS + 4);
  });

  it('refuses a file over the size cap whole: no account, role or enrolment from its first rows', async () => {
    const before = {
      users: await count(`SELECT count(*)::int AS count FROM app_user`),
      enrolments: await count(`SELECT count(*)::int AS count FROM enrolment`),
      reports: await count(`SELECT count(*)::int AS count FROM enrolment_report`),
    };
    const goodRows = Array.from({ length: 2000 }, (_, i) => `capped.${i},Capped ${i},KS-SF-T01,x\n`).join('');
    const padding = `${'overflow.x,Over Flow,KS-SF-T01,'.padEnd(1000, 'x')}\n`;
    // Streamed (no Content-Length): 2,000 valid rows first, four batches' worth, then past the cap.
    let sent = 0;
    const streamed = await upload(
      new ReadableStream<Uint8Array>({
        pull(controller) {
          const chunk = sent === 0 ? HEADER + goodRows : padding.repeat(64);
          sent += chunk.length;
          controller.enqueue(new TextEncoder().encode(chunk));
          if (sent > CAP * 2) controller.close();
        },
      }),
    );
    expect(streamed.status).toBe(413);
    expect(streamed.body.errors[0]).toMatchObject({ extensions: { code: 'PAYLOAD_TOO_LARGE' } });
    // Announced with a Content-Length over the cap: refused before reading.
    const announced = await upload(Buffer.from(HEADER + goodRows + padding.repeat(1100)));
    expect(announced.status).toBe(413);
    expect(await count(`SELECT count(*)::int AS count FROM app_user`)).toBe(before.users);
    expect(await count(`SELECT count(*)::int AS count FROM enrolment`)).toBe(before.enrolments);
    expect(await count(`SELECT count(*)::int AS count FROM enrolment_report`)).toBe(before.reports);
    // And the service is still fine for the next file.
    expect((await upload(`${HEADER}capped.ok,Capped OK,KS-SF-T01,x\n`)).body).toMatchObject({ rows: 1, enrolled: 1 });
  });
});
