import type { PreRead, StudyImage } from '../app/core/models/study';

/** Images and pre-reads as the study query returns them, for the study screen's specs. */
export const studyImage = (id: string, blobSha256: string, frameIndex = 0, preRead: PreRead | null = null): StudyImage => ({
  id,
  blobSha256,
  fileName: `${blobSha256}.dcm`,
  format: 'dicom',
  frameIndex,
  width: 640,
  height: 480,
  preRead,
});

export const preRead = (status: PreRead['status'], lesions: number, fields: Partial<PreRead> = {}): PreRead => ({
  id: `pr-${status}-${lesions}`,
  imageId: 'x',
  studyId: 's',
  status,
  malignancyProbability: null,
  lesionProbability: null,
  call: null,
  categorySystem: null,
  categoryValue: null,
  categoryLabel: null,
  errorCode: null,
  queuedAt: '2026-01-01T00:00:00Z',
  completedAt: null,
  experimental: false,
  modelVersion: null,
  lesions: Array.from({ length: lesions }, (_, index) => ({
    id: `l${index}`,
    index,
    x: 0,
    y: 0,
    width: 1,
    height: 1,
    widthMm: null,
    heightMm: null,
    maxDiameterMm: null,
    calibrationSource: null,
    probability: 0.5,
  })),
  ...fields,
});
