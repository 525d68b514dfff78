import type { TestApp } from './test-app.js';

/** The specialist's report fields, as `saveConsultReport` takes them. */
export interface ReportFields {
  findings?: string;
  impression: string;
  recommendation: 'ROUTINE_FOLLOW_UP' | 'SHORT_INTERVAL_FOLLOW_UP' | 'BIOPSY' | 'REFER';
  followUpMonths?: number;
  categorySystem?: 'BI-RADS' | 'TI-RADS';
  categoryValue?: string;
  lesionAssessments?: Array<{ lesionId: string; agreement: string }>;
}

/**
 * A consult of the study requested by the doctor, claimed, reported, previewed and signed by the specialist
 * (password `Oasis-specialist-2026`): what every signed report goes through. Returns the consult and report ids.
 */
export async function signedReport(t: TestApp, doctor: string, specialist: string, studyId: string, fields: ReportFields): Promise<{ consultId: string; reportId: string }> {
  const ok = <T>(result: { data?: T; errors?: unknown }, step: string): T => {
    if (!result.data || result.errors) throw new Error(`${step} failed: ${JSON.stringify(result.errors)}`);
    return result.data;
  };
  const consultId = ok(await t.gql<{ requestConsult: { id: string } }>('mutation($i: RequestConsultInput!) { requestConsult(input: $i) { id } }', { i: { studyId, clinicalQuestion: 'Biopsy or follow-up?' } }, doctor), 'request').requestConsult.id;
  ok(await t.gql('mutation($id: ID!) { claimConsult(id: $id) { id } }', { id: consultId }, specialist), 'claim');
  ok(await t.gql('mutation($id: ID!) { startConsultReview(id: $id) { id } }', { id: consultId }, specialist), 'review');
  const reportId = ok(
    await t.gql<{ saveConsultReport: { id: string } }>('mutation($i: SaveReportInput!) { saveConsultReport(input: $i) { id } }', { i: { consultId, baseRevision: 0, findings: '', ...fields } }, specialist),
    'save',
  ).saveConsultReport.id;
  ok(await t.gql('mutation($id: ID!) { submitConsultReport(consultId: $id) { id } }', { id: consultId }, specialist), 'submit');
  const hash = ok(await t.gql<{ previewConsultReport: { previewContentHash: string } }>('mutation($id: ID!) { previewConsultReport(consultId: $id) { previewContentHash } }', { id: consultId }, specialist), 'preview')
    .previewConsultReport.previewContentHash;
  ok(await t.gql('mutation($i: SignReportInput!) { signConsultReport(input: $i) { id } }', { i: { consultId, password: 'Oasis-specialist-2026', contentHash: hash } }, specialist), 'sign');
  return { consultId, reportId };
}

/**
 * A signed report's lesion assessments in the order given (true = the specialist agreed with the AI; the
 * others alternate MISSED and DISAGREE), one second apart from 2026-01-01, as a busy site gathers them over weeks.
 */
export async function recordAssessments(t: TestApp, reportId: string, modelVersionId: string, agreed: readonly boolean[]): Promise<void> {
  for (const [i, a] of agreed.entries()) {
    await t.dataSource.query(
      `INSERT INTO lesion_agreement (report_id, lesion_id, model_version_id, region, agreement, created_at) VALUES ($1, gen_random_uuid(), $2, 'BREAST', $3, $4)`,
      [reportId, modelVersionId, a ? 'AGREE' : i % 2 ? 'DISAGREE' : 'MISSED', new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString()],
    );
  }
}

/** `periods` blocks of 10 assessments, the given positions in each block not agreed (90 % is one of ten). */
export const agreementPattern = (periods: number, notAgreedAt: readonly number[]): boolean[] => Array.from({ length: periods * 10 }, (_, i) => !notAgreedAt.includes(i % 10));
