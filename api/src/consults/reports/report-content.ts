import { createHash } from 'node:crypto';
import type { ConsultReport } from './consult-report.entity.js';

/** The fields a signature covers, in a fixed order: the same report always hashes the same. */
export function signedContent(report: ConsultReport, consult: { id: string; studyId: string; patientId: string }, signedAt: Date) {
  return {
    consultId: consult.id,
    studyId: consult.studyId,
    patientId: consult.patientId,
    reportId: report.id,
    version: report.version,
    authorId: report.authorId,
    findings: report.findings,
    impression: report.impression,
    recommendation: report.recommendation,
    followUpMonths: report.followUpMonths,
    category: report.categorySystem ? `${report.categorySystem} ${report.categoryValue}` : null,
    lesionAssessments: [...report.lesionAssessments].sort((a, b) => a.lesionId.localeCompare(b.lesionId)),
    // Only when present, so that reports signed before lesions could be added still hash as they did.
    ...(report.addedLesions?.length ? { addedLesions: report.addedLesions.map(({ id, imageId, x, y, width, height, category, note }) => ({ id, imageId, x, y, width, height, category, note })) } : {}),
    signedAt: signedAt.toISOString(),
  };
}

export const contentHash = (content: ReturnType<typeof signedContent>) => createHash('sha256').update(JSON.stringify(content)).digest('hex');
