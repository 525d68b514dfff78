import type { AppConfig } from '../config/config.js';
import { FollowUpAction } from './follow-up-case.entity.js';

/** Category scales in order of suspicion. BI-RADS 0 (incomplete) is below every level; 6 (known cancer) above. */
const ORDER: Record<string, readonly string[]> = {
  'BI-RADS': ['0', '1', '2', '3', '4A', '4B', '4C', '5', '6'],
  'TI-RADS': ['TR1', 'TR2', 'TR3', 'TR4', 'TR5'],
};

export type Thresholds = Pick<AppConfig, 'followUpBiRadsFrom' | 'followUpTiRadsFrom' | 'followUpBiopsyDays' | 'followUpRepeatMonths'>;

/** Whether a category is at or above the level that opens a follow-up case; unknown systems or values never are. */
export function isSuspicious(system: string | null, value: string | null, t: Thresholds): boolean {
  if (!system || !value) return false;
  const scale = ORDER[system];
  const from = system === 'BI-RADS' ? t.followUpBiRadsFrom : t.followUpTiRadsFrom;
  return !!scale && scale.includes(value) && scale.indexOf(value) >= scale.indexOf(from);
}

export interface Due {
  action: FollowUpAction;
  intervalMonths: number | null;
  dueAt: Date;
}

/** Tissue for a suspicious category: FNA for the thyroid (TI-RADS), a biopsy referral otherwise. */
const tissueAction = (system: string | null, region: string) => (system === 'TI-RADS' || region === 'THYROID' ? FollowUpAction.FNA : FollowUpAction.BIOPSY_REFERRAL);

const addDays = (from: Date, days: number) => new Date(from.getTime() + days * 86_400_000);
const addMonths = (from: Date, months: number) => {
  const d = new Date(from);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
};

/** What a validated model's category makes due, or null below the level. */
export function dueForAiCategory(system: string | null, value: string | null, region: string, t: Thresholds, now: Date): Due | null {
  if (!isSuspicious(system, value, t)) return null;
  return { action: tissueAction(system, region), intervalMonths: null, dueAt: addDays(now, t.followUpBiopsyDays) };
}

/**
 * What a signed report makes due: its recommendation first (biopsy/FNA; a short-interval repeat ultrasound in
 * the report's months), else its category at or above the level (tissue); null for anything else.
 */
export function dueForReport(
  report: { recommendation: string | null; followUpMonths: number | null; categorySystem: string | null; categoryValue: string | null; region: string },
  t: Thresholds,
  now: Date,
): Due | null {
  if (report.recommendation === 'BIOPSY') return { action: tissueAction(report.categorySystem, report.region), intervalMonths: null, dueAt: addDays(now, t.followUpBiopsyDays) };
  if (report.recommendation === 'SHORT_INTERVAL_FOLLOW_UP') {
    const months = report.followUpMonths ?? t.followUpRepeatMonths;
    return { action: FollowUpAction.REPEAT_ULTRASOUND, intervalMonths: months, dueAt: addMonths(now, months) };
  }
  return dueForAiCategory(report.categorySystem, report.categoryValue, report.region, t, now);
}
