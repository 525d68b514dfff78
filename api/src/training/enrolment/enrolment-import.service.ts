import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { parse } from 'csv-parse';
import { DataSource } from 'typeorm';
import { type AuditedTransaction, AuditService } from '../../audit/audit.service.js';
import { AppError } from '../../common/app-error.js';
import { ErrorCode } from '../../common/error-codes.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Institution } from '../../identity/institution.entity.js';
import { Role } from '../../identity/role.js';
import type { Actor } from '../../policy/actor.js';
import { PolicyService } from '../../policy/policy.service.js';
import { CsvTextDecoder } from './csv-text-decoder.js';
import { spoolBody } from './spool-body.js';
import { EnrolmentReport, type EnrolmentRowError } from './enrolment-report.entity.js';
import { TrainingAccess } from '../training-access.service.js';

const ENROLMENT_COLUMNS = ['username', 'full_name', 'institution_code', 'cohort'] as const;
const BATCH = 500;
/** A report keeps this many row errors (the counts stay exact). */
const MAX_REPORTED_ERRORS = 2000;
/** Accounts created by an import have no usable password until an admin sets a temporary one. */
const NO_PASSWORD = '!imported-no-password';
const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;

type ImportCounts = Pick<EnrolmentReport, 'rows' | 'enrolled' | 'alreadyEnrolled' | 'failed'> & { errors: EnrolmentRowError[] };

/** Whose rows the importer may take, and whether it may create accounts. */
interface Scope {
  institutions: Set<string>;
  /** Completes "Institution <code> …" for a row outside `institutions`. */
  outside: string;
  mayCreate: boolean;
}

interface Row {
  line: number;
  username: string;
  fullName: string;
  institutionId: string;
  cohort: string | null;
}

/**
 * CSV bulk enrolment: received to a temporary file up to the size cap (never held whole in memory), then parsed
 * and written in batches of 500 in one transaction (a refused, cut-off or failing file creates nothing),
 * validated row by row with line numbers, idempotent (users by username, enrolments by
 * (course, user), both ON CONFLICT DO NOTHING, so the same file twice creates nothing twice).
 */
@Injectable()
export class EnrolmentImportService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
    private readonly access: TrainingAccess,
  ) {}

  async import(actor: Actor, courseId: string, body: Readable): Promise<EnrolmentReport> {
    const course = await this.access.course(courseId);
    // Admins enrol (and create accounts) within their administration; the course's trainers enrol existing
    // accounts of their own institution only.
    const admin = await this.access.can(actor, 'training.enrol', course);
    if (!admin) await this.access.authorize(actor, 'training.author', course);
    const institutions = new Map((await this.dataSource.getRepository(Institution).find({ select: { id: true, code: true, active: true } })).map((i) => [i.code.toUpperCase(), i]));
    const scope: Scope = {
      institutions: new Set(await this.policy.institutionsInScope(actor, admin ? 'user.create' : 'training.enrol-staff')),
      outside: admin ? 'is outside your administration' : 'is not your institution: by CSV, trainers enrol their own institution’s staff',
      mayCreate: admin,
    };

    // The whole file is received (to disk, never into memory) before anything is written, so a file refused at
    // the size cap or cut off creates nothing; then one transaction writes every batch, all or nothing.
    const spoolDir = join(this.config.dataDir, 'tmp');
    await mkdir(spoolDir, { recursive: true });
    const file = join(spoolDir, `enrolment-${randomUUID()}.csv`);
    try {
      await spoolBody(body, file, this.config.maxCsvBytes);
      return await this.audit.transaction(async (tx) => {
        const report = await this.readAndWrite(tx, actor, courseId, createReadStream(file), institutions, scope);
        const entity = await tx.manager.save(EnrolmentReport, { courseId, createdBy: actor.userId, ...report });
        await tx.audit({
          actor,
          action: 'training.enrol-csv',
          resourceType: 'course',
          resourceId: courseId,
          institutionId: course.institutionId,
          details: { reportId: entity.id, rows: report.rows, enrolled: report.enrolled, alreadyEnrolled: report.alreadyEnrolled, failed: report.failed },
        });
        return entity;
      });
    } finally {
      await rm(file, { force: true });
    }
  }

  /** Parses the received file row by row and writes it in batches inside the caller's transaction. */
  private async readAndWrite(
    tx: AuditedTransaction,
    actor: Actor,
    courseId: string,
    source: Readable,
    institutions: Map<string, Institution>,
    scope: Scope,
  ): Promise<ImportCounts> {
    const report: ImportCounts = { rows: 0, enrolled: 0, alreadyEnrolled: 0, failed: 0, errors: [] };
    const fail = (line: number, message: string) => {
      report.failed += 1;
      if (report.errors.length < MAX_REPORTED_ERRORS) report.errors.push({ line, message });
    };
    const seen = new Map<string, number>();
    let batch: Row[] = [];
    let header = true;

    const decoder = new CsvTextDecoder(this.config.maxCsvBytes);
    const parser = parse({ relax_column_count: true, skip_empty_lines: true, trim: true, info: true, skip_records_with_error: true });
    // Malformed quoting is reported with its line, and reading goes on with the next record.
    parser.on('skip', (error: { lines?: number; message: string }) => {
      report.rows += 1;
      fail(error.lines ?? 0, `Malformed CSV: ${error.message}`);
    });
    source.on('error', (error) => parser.destroy(error));
    decoder.on('error', (error) => parser.destroy(error));
    source.pipe(decoder).pipe(parser);
    try {
      for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
        const line = info.lines;
        if (header) {
          header = false;
          const columns = record.map((c) => c.toLowerCase());
          if (columns.length !== ENROLMENT_COLUMNS.length || ENROLMENT_COLUMNS.some((c, i) => columns[i] !== c)) {
            throw new AppError(ErrorCode.CSV_INVALID, `The first line must be the header ${ENROLMENT_COLUMNS.join(',')} (found ${record.join(',').slice(0, 200)})`);
          }
          continue;
        }
        report.rows += 1;
        const row = this.validate(record, line, institutions, scope, seen);
        if (typeof row === 'string') {
          fail(line, row);
          continue;
        }
        batch.push(row);
        if (batch.length >= BATCH) {
          await this.write(tx, actor, courseId, batch, report, fail, scope.mayCreate);
          batch = [];
        }
      }
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError(ErrorCode.CSV_INVALID, `The file could not be read as CSV: ${(error as Error).message}`);
    } finally {
      source.destroy();
    }
    if (header) throw new AppError(ErrorCode.CSV_INVALID, `The file is empty; the first line must be the header ${ENROLMENT_COLUMNS.join(',')}`);
    if (batch.length > 0) await this.write(tx, actor, courseId, batch, report, fail, scope.mayCreate);
    report.errors.sort((a, b) => a.line - b.line);
    return report;
  }

  async reports(actor: Actor, courseId: string): Promise<EnrolmentReport[]> {
    const course = await this.access.course(courseId);
    if (!(await this.access.can(actor, 'training.enrol', course))) await this.access.authorize(actor, 'training.report', course);
    return this.dataSource.getRepository(EnrolmentReport).find({ where: { courseId }, order: { createdAt: 'DESC' }, take: 50 });
  }

  /** The row, or what is wrong with it in words an admin can fix. */
  private validate(record: string[], line: number, institutions: Map<string, Institution>, scope: Scope, seen: Map<string, number>): Row | string {
    if (record.length !== ENROLMENT_COLUMNS.length) return `Expected ${ENROLMENT_COLUMNS.length} columns (${ENROLMENT_COLUMNS.join(',')}), found ${record.length}`;
    const [rawUsername, fullName, rawCode, rawCohort] = record as [string, string, string, string];
    const username = rawUsername.toLowerCase();
    if (!USERNAME.test(username)) return `Username "${rawUsername.slice(0, 64)}" must be 3 to 64 letters, digits, ".", "_" or "-"`;
    const first = seen.get(username);
    if (first !== undefined) return `Duplicate: "${username}" is already on line ${first}`;
    seen.set(username, line);
    if (fullName.length > 200) return 'full_name is longer than 200 characters';
    const institution = institutions.get(rawCode.toUpperCase());
    if (!institution || !institution.active) return `Unknown institution code "${rawCode.slice(0, 32)}"`;
    if (!scope.institutions.has(institution.id)) return `Institution ${institution.code} ${scope.outside}`;
    if (rawCohort.length > 100) return 'cohort is longer than 100 characters';
    return { line, username, fullName, institutionId: institution.id, cohort: rawCohort || null };
  }

  /** One batch: look up users, create the missing ones (TRAINEE at the row's institution), enrol. */
  private async write(
    tx: AuditedTransaction,
    actor: Actor,
    courseId: string,
    rows: Row[],
    report: { enrolled: number; alreadyEnrolled: number },
    fail: (line: number, message: string) => void,
    mayCreate: boolean,
  ) {
    const q = tx.manager;
    const lookup = async (names: string[]) =>
      new Map(((await q.query(`SELECT id, username, active FROM app_user WHERE username = ANY ($1::text[])`, [names])) as Array<{ id: string; username: string; active: boolean }>).map((u) => [u.username, u]));
    const users = await lookup(rows.map((r) => r.username));
    const toCreate = mayCreate ? rows.filter((r) => !users.has(r.username) && r.fullName) : [];
    if (toCreate.length > 0) {
      await q.query(
        `INSERT INTO app_user (username, display_name, password_hash, must_change_password)
         SELECT u, n, $3, true FROM unnest($1::text[], $2::text[]) AS t(u, n) ON CONFLICT (username) DO NOTHING`,
        [toCreate.map((r) => r.username), toCreate.map((r) => r.fullName), NO_PASSWORD],
      );
      // Only the created ones changed; a name another import took meanwhile is looked up the same way.
      for (const [name, user] of await lookup(toCreate.map((r) => r.username))) users.set(name, user);
      await q.query(
        `INSERT INTO role_assignment (user_id, institution_id, role)
         SELECT id, i, $3 FROM unnest($1::uuid[], $2::uuid[]) AS t(id, i) ON CONFLICT DO NOTHING`,
        [toCreate.map((r) => users.get(r.username)!.id), toCreate.map((r) => r.institutionId), Role.TRAINEE],
      );
    }
    const ready: Array<Row & { userId: string }> = [];
    for (const row of rows) {
      const user = users.get(row.username);
      if (!user) fail(row.line, mayCreate ? `Unknown user "${row.username}"; give full_name to create the account` : `Unknown user "${row.username}": only an admin creates accounts`);
      else if (!user.active) fail(row.line, `The account "${row.username}" is deactivated`);
      else ready.push({ ...row, userId: user.id });
    }
    const inserted: unknown[] = ready.length
      ? await q.query(
          `INSERT INTO enrolment (course_id, user_id, institution_id, cohort)
           SELECT $1, u, i, c FROM unnest($2::uuid[], $3::uuid[], $4::text[]) AS t(u, i, c)
           ON CONFLICT DO NOTHING RETURNING user_id`,
          [courseId, ready.map((r) => r.userId), ready.map((r) => r.institutionId), ready.map((r) => r.cohort)],
        )
      : [];
    report.enrolled += inserted.length;
    report.alreadyEnrolled += ready.length - inserted.length;
    if (toCreate.length > 0) {
      await tx.audit({ actor, action: 'user.create', resourceType: 'course', resourceId: courseId, details: { source: 'enrolment-csv', created: toCreate.length, fromLine: rows[0]!.line } });
    }
  }
}
