import {
  type AddedLesion,
  type Agreement,
  CATEGORY_VALUES,
  type CategorySystem,
  type ConsultReport,
  FOLLOW_UP_RECOMMENDATIONS,
  type LesionAssessment,
  type Recommendation,
  type SaveReportInput,
} from '../../core/models/consult-report';

/** The report form's fields, as typed (strings for the selects). */
export interface ReportDraft {
  findings: string;
  impression: string;
  recommendation: Recommendation | '';
  followUpMonths: string;
  categorySystem: CategorySystem | '';
  categoryValue: string;
}

/** The specialist's choice on one AI lesion. */
export interface LesionChoice {
  agreement: Agreement | null;
  note: string;
}

export const needsFollowUp = (value: string) => (FOLLOW_UP_RECOMMENDATIONS as readonly string[]).includes(value);

/** The form for a saved version (or an empty one), the category system defaulting to the region's. */
export function toDraft(report: ConsultReport | null, region: string): ReportDraft {
  const system = report?.categorySystem && report.categorySystem in CATEGORY_VALUES ? (report.categorySystem as CategorySystem) : null;
  return {
    findings: report?.findings ?? '',
    impression: report?.impression ?? '',
    recommendation: report?.recommendation ?? '',
    followUpMonths: report?.followUpMonths ? String(report.followUpMonths) : '',
    categorySystem: system ?? (region === 'BREAST' ? 'BI-RADS' : region === 'THYROID' ? 'TI-RADS' : ''),
    categoryValue: report?.categoryValue ?? '',
  };
}

/** The form for saved input (a backup, or ours in a conflict); a missing system keeps the form's. */
export function draftFromInput(input: SaveReportInput, current: ReportDraft): ReportDraft {
  return {
    findings: input.findings,
    impression: input.impression,
    recommendation: input.recommendation ?? '',
    followUpMonths: input.followUpMonths ? String(input.followUpMonths) : '',
    categorySystem: (input.categorySystem as CategorySystem | null) ?? current.categorySystem,
    categoryValue: input.categoryValue ?? '',
  };
}

export const choicesOf = (assessments: readonly LesionAssessment[]): Record<string, LesionChoice> =>
  Object.fromEntries(assessments.map((a) => [a.lesionId, { agreement: a.agreement, note: a.note ?? '' }]));

/**
 * What a save sends: trimmed texts, a follow-up only where the recommendation needs one, a category only when
 * its value belongs to the system, and choices only for lesions the study still has.
 */
export function toSaveInput(from: {
  consultId: string;
  baseRevision: number;
  draft: ReportDraft;
  choices: Record<string, LesionChoice>;
  lesionIds: ReadonlySet<string>;
  added: AddedLesion[];
}): SaveReportInput {
  const d = from.draft;
  const values: readonly string[] = d.categorySystem ? CATEGORY_VALUES[d.categorySystem] : [];
  const category = d.categorySystem && values.includes(d.categoryValue);
  return {
    consultId: from.consultId,
    baseRevision: from.baseRevision,
    findings: d.findings.trim(),
    impression: d.impression.trim(),
    recommendation: d.recommendation || null,
    followUpMonths: needsFollowUp(d.recommendation) && d.followUpMonths ? Number(d.followUpMonths) : null,
    categorySystem: category ? d.categorySystem || null : null,
    categoryValue: category ? d.categoryValue : null,
    lesionAssessments: Object.entries(from.choices)
      .filter(([id, c]) => c.agreement && from.lesionIds.has(id))
      .map(([lesionId, c]) => ({ lesionId, agreement: c.agreement!, note: c.note.trim() || null })),
    addedLesions: from.added,
  };
}

/** The content of a save, whatever revision it starts from: equal keys need no new save. */
export const contentKey = (input: SaveReportInput): string => JSON.stringify({ ...input, baseRevision: 0 });

/** The draft being written: the newest version when it is not signed yet. */
export const currentDraft = (versions: readonly ConsultReport[] | null): ConsultReport | null => {
  const last = versions?.at(-1);
  return last?.status === 'DRAFT' ? last : null;
};

/** The versions with `saved` in (replacing its older copy), oldest first. */
export const withVersion = (versions: readonly ConsultReport[] | null, saved: ConsultReport): ConsultReport[] =>
  [...(versions ?? []).filter((v) => v.id !== saved.id), saved].sort((a, b) => a.version - b.version);

/** The versions with `changed` in place of its older copy (a version not there stays out). */
export const replaceVersion = (versions: readonly ConsultReport[] | null, changed: ConsultReport): ConsultReport[] =>
  (versions ?? []).map((v) => (v.id === changed.id ? changed : v));

/** A tab's unsaved edits were made on another revision than the server's draft now has: show both. */
export const backupConflicts = (backup: SaveReportInput, server: ConsultReport | null): boolean => backup.baseRevision !== (server?.revision ?? 0);
