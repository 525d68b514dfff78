import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { AppError } from '../common/app-error.js';
import { ErrorCode } from '../common/error-codes.js';
import type { Actor } from '../policy/actor.js';
import { PolicyService } from '../policy/policy.service.js';
import type { DashboardFilter, InstitutionFigures, ProgrammeDashboard, Turnaround } from './dto/dashboard.types.js';
import { ScreeningRollup } from './screening-rollup.service.js';

/** Certificates expiring within this many days are counted as expiring. */
const EXPIRING_DAYS = 90;

interface Period {
  fromMonth: string;
  toMonth: string;
  /** First instant counted and first instant after, UTC. */
  from: string;
  until: string;
}

/** The months asked for (defaults: the twelve up to this one), refused when they run backwards. */
function periodOf(filter: DashboardFilter): Period {
  const current = new Date().toISOString().slice(0, 7);
  const toMonth = filter.toMonth ?? current;
  const [y, m] = toMonth.split('-').map(Number);
  const fromMonth = filter.fromMonth ?? new Date(Date.UTC(y, m - 12, 1)).toISOString().slice(0, 7);
  if (fromMonth > toMonth) throw new AppError(ErrorCode.BAD_USER_INPUT, 'fromMonth must not be after toMonth', { fromMonth, toMonth });
  return { fromMonth, toMonth, from: `${fromMonth}-01T00:00:00Z`, until: new Date(Date.UTC(y, m, 1)).toISOString() };
}

const ratio = (a: number, b: number) => (b === 0 ? null : a / b);
/** Median and p90 from `percentile_cont(ARRAY[0.5, 0.9])` (each null without cases), in minutes. */
const turnaround = (seconds: Array<number | null> | null): Turnaround | null =>
  seconds === null || seconds[0] === null || seconds[1] === null ? null : { p50Minutes: Number(seconds[0]) / 60, p90Minutes: Number(seconds[1]) / 60 };

/**
 * The programme dashboard: screenings and AI-positive studies from the rollup, consults, follow-ups and training
 * from their tables, over the institutions of the reader's scope (an admin's tree, a clinician's or trainer's
 * own institution) narrowed by the filter. A filter naming institutions outside the scope counts nothing rather
 * than saying which exist. Only counts leave here, never a patient.
 */
@Injectable()
export class DashboardService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
    private readonly rollup: ScreeningRollup,
  ) {}

  /** The scope's institutions that the filter keeps (the one named and those under it, of the prefecture named), with what the table shows of them. */
  private async institutions(actor: Actor, filter: DashboardFilter): Promise<Array<{ id: string; name: string; prefecture: string; county: string | null }>> {
    const scope = await this.policy.listScope(actor, 'dashboard.read', { type: 'dashboard' });
    return this.dataSource.query(
      `WITH RECURSIVE below AS (
         SELECT id FROM institution WHERE $2::uuid IS NULL OR id = $2
         UNION SELECT i.id FROM institution i JOIN below b ON i.parent_id = b.id WHERE $2::uuid IS NOT NULL
       )
       SELECT i.id, i.name, i.prefecture, i.county FROM institution i JOIN below b ON b.id = i.id WHERE i.id = ANY($1) AND ($3::text IS NULL OR i.prefecture = $3)`,
      [scope, filter.institutionId ?? null, filter.prefecture ?? null],
    );
  }

  async dashboard(actor: Actor, filter: DashboardFilter): Promise<ProgrammeDashboard> {
    const period = periodOf(filter);
    const names = await this.institutions(actor, filter);
    const ids = names.map((i) => i.id);
    const args = [ids, period.from, period.until];
    const [screenings, months, consults, [durations], followUps, [biopsy], training, sessions, refreshedAt] = await Promise.all([
      this.dataSource.query(
        `SELECT institution_id, sum(screenings)::int AS screenings, sum(ai_positive)::int AS ai_positive FROM screening_rollup
          WHERE institution_id = ANY($1) AND month >= $2::date AND month < $3::date GROUP BY institution_id`,
        args,
      ),
      this.dataSource.query(
        `SELECT to_char(month, 'YYYY-MM') AS month, sum(screenings)::int AS screenings, sum(ai_positive)::int AS ai_positive FROM screening_rollup
          WHERE institution_id = ANY($1) AND month >= $2::date AND month < $3::date GROUP BY month ORDER BY month`,
        args,
      ),
      // Counts per institution by hashing; the percentiles once over the whole, one sort per duration (an
      // ordered-set aggregate per group and percentile was most of the time on 1.3 million screenings).
      this.dataSource.query(
        `SELECT requesting_institution_id AS institution_id, count(*)::int AS consults, count(*) FILTER (WHERE escalations > 0)::int AS sla_breaches
           FROM consult WHERE requesting_institution_id = ANY($1) AND requested_at >= $2 AND requested_at < $3
          GROUP BY requesting_institution_id`,
        args,
      ),
      this.dataSource.query(
        `SELECT percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY request_to_claim_seconds) AS claim,
                percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY claim_to_sign_seconds) AS sign,
                percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY request_to_claim_seconds + claim_to_sign_seconds) AS total
           FROM consult WHERE requesting_institution_id = ANY($1) AND requested_at >= $2 AND requested_at < $3`,
        args,
      ),
      this.dataSource.query(
        `WITH cancer AS (SELECT DISTINCT case_id FROM follow_up_lesion WHERE pathology = 'MALIGNANT')
         SELECT c.institution_id, count(*)::int AS opened, count(*) FILTER (WHERE c.outcome = 'DONE')::int AS completed,
                count(*) FILTER (WHERE c.status = 'OPEN' AND c.due_at < now())::int AS overdue,
                count(k.case_id)::int AS cancers
           FROM follow_up_case c LEFT JOIN cancer k ON k.case_id = c.id
          WHERE c.institution_id = ANY($1) AND c.opened_at >= $2 AND c.opened_at < $3
          GROUP BY c.institution_id`,
        args,
      ),
      this.dataSource.query(
        `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY c.outcome_on - (c.opened_at AT TIME ZONE 'UTC')::date) AS biopsy_days
           FROM follow_up_case c WHERE c.institution_id = ANY($1) AND c.opened_at >= $2 AND c.opened_at < $3
            AND c.outcome = 'DONE' AND c.action IN ('BIOPSY_REFERRAL', 'FNA')`,
        args,
      ),
      this.dataSource.query(
        `WITH staff AS (SELECT DISTINCT user_id FROM role_assignment WHERE institution_id = ANY($1)),
              held AS (SELECT c.* FROM certificate c JOIN staff s ON s.user_id = c.user_id WHERE c.revoked_at IS NULL)
         SELECT (SELECT count(*) FROM staff)::int AS staff,
                (SELECT count(DISTINCT user_id) FROM held WHERE issued_at >= $2 AND issued_at < $3)::int AS trained,
                (SELECT count(*) FROM held WHERE expires_at > now())::int AS valid,
                (SELECT count(*) FROM held WHERE expires_at > now() AND expires_at <= now() + make_interval(days => $4))::int AS expiring`,
        [...args, EXPIRING_DAYS],
      ),
      this.dataSource.query(
        `SELECT s.id, s.title, s.starts_at, (SELECT count(DISTINCT a.user_id) FROM media_attendance a WHERE a.room = 'training:' || s.id AND a.joined_at IS NOT NULL)::int AS attendees
           FROM live_session s JOIN course c ON c.id = s.course_id
          WHERE c.institution_id = ANY($1) AND s.starts_at >= $2 AND s.starts_at < $3
          ORDER BY s.starts_at DESC LIMIT 50`,
        args,
      ),
      this.rollup.refreshedAt(),
    ]);

    const byInstitution = <T extends { institution_id: string }>(rows: T[]) => new Map(rows.map((r) => [r.institution_id, r]));
    const s = byInstitution<{ institution_id: string; screenings: number; ai_positive: number }>(screenings);
    const c = byInstitution<{ institution_id: string; consults: number; sla_breaches: number }>(consults);
    const f = byInstitution<{ institution_id: string; opened: number; completed: number; overdue: number; cancers: number }>(followUps);
    const institutions: InstitutionFigures[] = names
      .map((i) => ({
        institutionId: i.id,
        name: i.name,
        prefecture: i.prefecture,
        county: i.county,
        screenings: s.get(i.id)?.screenings ?? 0,
        aiPositive: s.get(i.id)?.ai_positive ?? 0,
        consults: c.get(i.id)?.consults ?? 0,
        slaBreaches: c.get(i.id)?.sla_breaches ?? 0,
        followUpsOpened: f.get(i.id)?.opened ?? 0,
        followUpsCompleted: f.get(i.id)?.completed ?? 0,
        followUpsOverdue: f.get(i.id)?.overdue ?? 0,
        cancers: f.get(i.id)?.cancers ?? 0,
      }))
      .sort((a, b) => b.screenings - a.screenings || a.name.localeCompare(b.name));

    const sum = (key: keyof InstitutionFigures) => institutions.reduce((n, i) => n + (i[key] as number), 0);
    const total = { screenings: sum('screenings'), aiPositive: sum('aiPositive'), opened: sum('followUpsOpened'), completed: sum('followUpsCompleted'), cancers: sum('cancers') };
    await this.audit.record({ actor, action: 'dashboard.read', resourceType: 'dashboard', details: { institutions: ids.length, fromMonth: period.fromMonth, toMonth: period.toMonth } });
    return {
      fromMonth: period.fromMonth,
      toMonth: period.toMonth,
      refreshedAt,
      screenings: total.screenings,
      aiPositive: total.aiPositive,
      aiPositiveRate: ratio(total.aiPositive, total.screenings),
      consults: sum('consults'),
      slaBreaches: sum('slaBreaches'),
      requestToClaim: turnaround(durations.claim),
      claimToSign: turnaround(durations.sign),
      requestToSign: turnaround(durations.total),
      followUpsOpened: total.opened,
      followUpsCompleted: total.completed,
      followUpsOverdue: sum('followUpsOverdue'),
      followUpCompletionRate: ratio(total.completed, total.opened),
      daysToBiopsyMedian: biopsy.biopsy_days === null ? null : Number(biopsy.biopsy_days),
      cancers: total.cancers,
      cancersPer1000: total.screenings === 0 ? null : (1000 * total.cancers) / total.screenings,
      training: {
        staff: training[0].staff,
        staffTrained: training[0].trained,
        certificatesValid: training[0].valid,
        certificatesExpiring: training[0].expiring,
        sessions: sessions.map((r: { id: string; title: string; starts_at: Date; attendees: number }) => ({ sessionId: r.id, title: r.title, startsAt: new Date(r.starts_at), attendees: r.attendees })),
      },
      months: months.map((r: { month: string; screenings: number; ai_positive: number }) => ({ month: r.month, screenings: r.screenings, aiPositive: r.ai_positive })),
      institutions,
    };
  }
}
