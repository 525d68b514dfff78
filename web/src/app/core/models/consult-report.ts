/** The specialist's structured report on a consult (a version per signature; amendments add versions). */
export const RECOMMENDATIONS = ['ROUTINE_FOLLOW_UP', 'SHORT_INTERVAL_FOLLOW_UP', 'BIOPSY', 'REFER'] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];
/** Recommendations that need a follow-up interval. */
export const FOLLOW_UP_RECOMMENDATIONS: readonly Recommendation[] = ['ROUTINE_FOLLOW_UP', 'SHORT_INTERVAL_FOLLOW_UP'];
export const FOLLOW_UP_MONTHS = [1, 3, 6, 12, 24] as const;

export const AGREEMENTS = ['AGREE', 'PARTLY', 'DISAGREE'] as const;
export type Agreement = (typeof AGREEMENTS)[number];

/** The specialist's own category, and the values each system has (as the API accepts them). */
export const CATEGORY_VALUES = {
  'BI-RADS': ['0', '1', '2', '3', '4', '4A', '4B', '4C', '5', '6'],
  'TI-RADS': ['TR1', 'TR2', 'TR3', 'TR4', 'TR5'],
} as const;
export type CategorySystem = keyof typeof CATEGORY_VALUES;
export const CATEGORY_SYSTEMS = Object.keys(CATEGORY_VALUES) as CategorySystem[];

export type ReportStatus = 'DRAFT' | 'SIGNED';

export interface LesionAssessment {
  lesionId: string;
  agreement: Agreement;
  note: string | null;
}

/** A lesion the AI missed, marked by the specialist: a box in the image's pixels and a category. */
export interface AddedLesion {
  id: string;
  imageId: string;
  x: number;
  y: number;
  width: number;
  height: number;
  category: string;
  note: string | null;
}

export interface ConsultReport {
  id: string;
  version: number;
  status: ReportStatus;
  findings: string;
  impression: string;
  recommendation: Recommendation | null;
  followUpMonths: number | null;
  categorySystem: string | null;
  categoryValue: string | null;
  lesionAssessments: LesionAssessment[];
  addedLesions: AddedLesion[];
  signedAt: string | null;
  updatedAt: string;
  contentHash: string | null;
  pdfSha256: string | null;
  /** Incremented by each save; a save names the revision it started from. */
  revision: number;
  previewRevision: number | null;
  previewContentHash: string | null;
}

export interface SaveReportInput {
  consultId: string;
  baseRevision: number;
  findings: string;
  impression: string;
  recommendation: Recommendation | null;
  followUpMonths: number | null;
  categorySystem: string | null;
  categoryValue: string | null;
  lesionAssessments: LesionAssessment[];
  addedLesions: AddedLesion[];
}

export interface ReportVerification {
  reportId: string;
  valid: boolean;
  contentHashMatches: boolean;
  pdfIntact: boolean;
  contentHash: string | null;
}

export interface ConsultMessage {
  id: string;
  authorId: string;
  body: string;
  createdAt: string;
}

export const REPORT_FIELDS =
  'id version status findings impression recommendation followUpMonths categorySystem categoryValue lesionAssessments { lesionId agreement note } addedLesions { id imageId x y width height category note } signedAt updatedAt contentHash pdfSha256 revision previewRevision previewContentHash';
export const MESSAGE_FIELDS = 'id authorId body createdAt';
