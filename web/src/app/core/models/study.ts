/** Every anatomical area the API knows (AnatomicalRegion). */
export const ANATOMICAL_REGIONS = [
  'BREAST',
  'THYROID',
  'LIVER',
  'GALLBLADDER',
  'PANCREAS',
  'SPLEEN',
  'KIDNEY',
  'BLADDER',
  'PROSTATE',
  'UTERUS',
  'OVARY',
  'CERVICAL_LYMPH_NODES',
] as const;
export type AnatomicalRegion = (typeof ANATOMICAL_REGIONS)[number];

export const PRE_READ_STATUSES = ['QUEUED', 'RUNNING', 'DONE', 'FAILED', 'NO_MODEL', 'NO_CONSENT', 'REFUSED'] as const;
export type PreReadStatus = (typeof PRE_READ_STATUSES)[number];
export type MalignancyCall = 'BENIGN' | 'MALIGNANT';

/** A suspected lesion; the box is in image pixels, mm only when the image is calibrated. */
export interface Lesion {
  id: string;
  /** 0: the model's primary finding. */
  index: number;
  x: number;
  y: number;
  width: number;
  height: number;
  widthMm: number | null;
  heightMm: number | null;
  maxDiameterMm: number | null;
  calibrationSource: string | null;
  probability: number;
}

/** The AI second opinion on one image. */
export interface PreRead {
  id: string;
  imageId: string;
  studyId: string;
  status: PreReadStatus;
  malignancyProbability: number | null;
  lesionProbability: number | null;
  call: MalignancyCall | null;
  categorySystem: string | null;
  categoryValue: string | null;
  categoryLabel: string | null;
  errorCode: string | null;
  queuedAt: string;
  completedAt: string | null;
  /** The model fails its release gate: no benign/malignant call (score only where the admin opted in). */
  experimental: boolean;
  modelVersion: { id: string; region: AnatomicalRegion; version: string; operatingThreshold: number } | null;
  lesions: Lesion[];
}

/** Where an image's millimetres come from (the API's Calibration); 'none' means pixels only. */
export type ImageCalibration =
  | { source: 'pixel-spacing' | 'uploader'; mmPerPixelX: number; mmPerPixelY: number }
  | { source: 'ultrasound-regions'; regions: Array<{ x0: number; y0: number; x1: number; y1: number; mmPerPixelX: number; mmPerPixelY: number }> }
  | { source: 'none' };

export interface StudyImage {
  id: string;
  /** The stored file: frames of one multi-frame file share it. */
  blobSha256: string;
  fileName: string | null;
  /** dicom, png or jpeg */
  format: string;
  frameIndex: number;
  width: number;
  height: number;
  calibration?: ImageCalibration;
  preRead: PreRead | null;
}

export interface Study {
  id: string;
  patientId: string;
  institutionId: string;
  region: AnatomicalRegion;
  description: string | null;
  uploaderMmPerPixel: number | null;
  /** Set when a scanner sent the images over DICOM. */
  deviceId: string | null;
  createdAt: string;
  images: StudyImage[];
}

/** A study in a list: its own fields and the status of each image's pre-read. */
export interface StudySummary extends Omit<Study, 'images'> {
  images: { id: string; preRead: Pick<PreRead, 'id' | 'status'> | null }[];
}

export const PRE_READ_FIELDS =
  'id imageId studyId status malignancyProbability lesionProbability call categorySystem categoryValue categoryLabel errorCode queuedAt completedAt ' +
  'experimental modelVersion { id region version operatingThreshold } lesions { id index x y width height widthMm heightMm maxDiameterMm calibrationSource probability }';

export const STUDY_SUMMARY_FIELDS = 'id patientId institutionId region description uploaderMmPerPixel deviceId createdAt';
/** For lists of studies: the nested results would exceed the API's query-complexity limit. */
export const STUDY_LIST_FIELDS = `${STUDY_SUMMARY_FIELDS} images { id preRead { id status } }`;
export const STUDY_FIELDS = `${STUDY_SUMMARY_FIELDS} images { id blobSha256 fileName format frameIndex width height calibration preRead { ${PRE_READ_FIELDS} } }`;

/** Still waiting for the model: the page shows a spinner and listens for the result. */
export const isPending = (preRead: PreRead | null): boolean => preRead?.status === 'QUEUED' || preRead?.status === 'RUNNING';
