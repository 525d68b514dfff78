import { createHmac, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, QueryFailedError } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import { AppError, notFound } from '../../common/app-error.js';
import { ErrorCode } from '../../common/error-codes.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { ImageFrames } from '../../imaging/decode/image-frames.service.js';
import { encodeGrayPng } from '../../imaging/encode-png.js';
import { StudiesService } from '../../imaging/studies.service.js';
import { StudyImage } from '../../imaging/study-image.entity.js';
import type { Actor } from '../../policy/actor.js';
import { PolicyService } from '../../policy/policy.service.js';
import type { ConfirmedOutcomeCase, TeachingCaseBlanking } from '../dto/training.types.js';
import { StaffEnrolmentService, TRAINED_CTE } from '../enrolment/staff-enrolment.service.js';
import type { PathologyResult } from '../../follow-up/follow-up-lesion.entity.js';
import { BLOB_STORE, type BlobStore } from '../../storage/blob-store.js';
import { cleanPixels, describeCleaning, keptRegions } from '../deidentify/clean-pixels.js';
import { type Box, textBoxes } from '../deidentify/text-boxes.js';
import { deidentifyDicom } from '../deidentify/deidentify-dicom.js';
import { TeachingCase, teachingCaseIdOf } from './teaching-case.entity.js';

/**
 * Follow-up cases with a pathology result and what a teaching case is made of: the gravest result among the
 * lesions, that lesion's image (else the study's first), the teaching case already made. The caller adds the
 * WHERE. No patient column is selected.
 */
const CONFIRMED_SQL = `
  SELECT c.id AS "followUpCaseId", c.institution_id AS "institutionId", i.name AS "institutionName", c.region,
         c.category_system AS "categorySystem", c.category_value AS "categoryValue",
         worst.pathology AS diagnosis, tc.id AS "teachingCaseId",
         coalesce(worst.image_id, (SELECT si.id FROM study_image si WHERE si.study_id = c.study_id ORDER BY si.created_at, si.frame_index, si.id LIMIT 1)) AS "imageId"
    FROM follow_up_case c
    JOIN institution i ON i.id = c.institution_id
    JOIN LATERAL (SELECT fl.pathology, fl.image_id FROM follow_up_lesion fl WHERE fl.case_id = c.id AND fl.pathology IS NOT NULL
                   ORDER BY CASE fl.pathology WHEN 'MALIGNANT' THEN 0 WHEN 'OTHER' THEN 1 ELSE 2 END, fl.id LIMIT 1) worst ON true
    LEFT JOIN teaching_case tc ON tc.follow_up_case_id = c.id`;
type ConfirmedRow = ConfirmedOutcomeCase & { institutionId: string; imageId: string | null };

/** Boxes chosen on the image: at most this many. */
const MAX_CHOSEN_BOXES = 100;

/** Chosen boxes are [x0, y0, x1, y1] inside the image, x0 ≤ x1 and y0 ≤ y1 (else BAD_USER_INPUT, nothing made). */
function assertBoxes(boxes: Box[], image: Pick<StudyImage, 'width' | 'height'>): void {
  const inside = ([x0, y0, x1, y1]: Box) => [x0, y0, x1, y1].every(Number.isInteger) && x0 >= 0 && y0 >= 0 && x0 <= x1 && y0 <= y1 && x1 < image.width && y1 < image.height;
  if (boxes.length > MAX_CHOSEN_BOXES || !boxes.every((b) => b.length === 4 && inside(b))) {
    throw new AppError(ErrorCode.BAD_USER_INPUT, `Boxes to blank are [x0, y0, x1, y1] within the ${image.width}×${image.height} image, ${MAX_CHOSEN_BOXES} at most`, { field: 'blankBoxes' });
  }
}

/** A picture of an imported question bank, cleaned and stored, waiting for its teaching case row. */
export type ImportedTeachingCase = Pick<TeachingCase, 'id' | 'pngSha256' | 'width' | 'height' | 'method'>;

/**
 * Turns a study image into course material: a de-identified copy (DICOM: PS3.15 Basic Profile and Clean Pixel
 * Data; PNG/JPEG: the burned-in banner blanked) stored as its own blob. The original is never linked from a
 * course; /training-media/:id serves only the copy.
 */
@Injectable()
export class TeachingCasesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly studies: StudiesService,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
    private readonly frames: ImageFrames,
    private readonly staff: StaffEnrolmentService,
  ) {}

  /**
   * A teaching case from a study image. `blank`: the boxes the clinician settled on after looking at what
   * `blanking` proposed (blanked instead of the boxes found, and beside what lies outside the regions).
   */
  async create(actor: Actor, imageId: string, blank?: Box[]): Promise<TeachingCase> {
    const { image, study } = await this.readableImage(actor, imageId);
    if (blank) assertBoxes(blank, image);
    return this.deidentify(
      actor,
      image,
      (caseId, method) => ({
        row: {},
        audit: { resourceType: 'image', resourceId: image.id, institutionId: study.institutionId, details: { teachingCaseId: caseId, method, ...(blank ? { chosenBoxes: blank } : {}) } },
      }),
      blank,
    );
  }

  /** What de-identifying the image would blank: the boxes where text was found, or the regions kept; for the clinician to check and adjust. */
  async blanking(actor: Actor, imageId: string): Promise<TeachingCaseBlanking> {
    const { image } = await this.readableImage(actor, imageId);
    const frame = await this.frames.gray(image);
    // What cleanPixels would blank, found without making the cleaned copy.
    const regions = keptRegions(frame, image.calibration);
    return { width: frame.width, height: frame.height, boxes: regions.length ? [] : textBoxes(frame), keptRegions: regions };
  }

  /** Only someone who may see the original may de-identify it (and the read is audited as such). */
  private async readableImage(actor: Actor, imageId: string) {
    const image = await this.dataSource.getRepository(StudyImage).findOneBy({ id: imageId });
    if (!image) throw notFound('Image');
    const study = await this.studies.getFor(actor, image.studyId, 'study.read');
    await this.policy.authorize(actor, 'training.teaching-case', {}, { type: 'image', id: imageId });
    return { image, study };
  }

  /**
   * The cases with a pathology outcome and an image at the institutions the trainer's institution trains, newest
   * first: what "Make teaching case" offers (ids and the diagnosis, no patient).
   */
  async confirmedOutcomes(actor: Actor, limit: number): Promise<ConfirmedOutcomeCase[]> {
    const own = await this.policy.listScope(actor, 'training.teaching-case-from-outcome', { type: 'follow-up' });
    const rows: ConfirmedRow[] = await this.dataSource.query(
      `${TRAINED_CTE} ${CONFIRMED_SQL} WHERE c.institution_id IN (SELECT id FROM trained) AND EXISTS (SELECT 1 FROM study_image si WHERE si.study_id = c.study_id) ORDER BY c.closed_at DESC NULLS LAST, c.id LIMIT $2`,
      [own, limit],
    );
    await this.audit.recordRead({ actor, action: 'training.confirmed-outcomes', resourceType: 'follow-up', details: { ids: rows.map((r) => r.followUpCaseId) } });
    return rows;
  }

  /**
   * A teaching case from a follow-up case's pathology outcome, by a trainer who trains its institution: the
   * image of the gravest confirmed lesion, de-identified, carrying the diagnosis and the follow-up case id. One
   * per case: asking again answers the one made. No outcome yet: NO_PATHOLOGY_OUTCOME.
   */
  async createFromFollowUp(actor: Actor, followUpCaseId: string): Promise<TeachingCase> {
    const [followUp]: Array<{ institution_id: string }> = await this.dataSource.query(`SELECT institution_id FROM follow_up_case WHERE id = $1`, [followUpCaseId]);
    if (!followUp) throw notFound('Follow-up case');
    const resource = { type: 'follow-up', id: followUpCaseId };
    await this.policy.authorize(actor, 'training.teaching-case-from-outcome', { institutionIds: await this.staff.trainersOf(followUp.institution_id) }, resource);
    const [confirmed]: ConfirmedRow[] = await this.dataSource.query(`${CONFIRMED_SQL} WHERE c.id = $1`, [followUpCaseId]);
    if (!confirmed) throw new AppError(ErrorCode.NO_PATHOLOGY_OUTCOME, 'This follow-up case has no pathology result yet: a teaching case needs the confirmed diagnosis');
    if (confirmed.teachingCaseId) return this.dataSource.getRepository(TeachingCase).findOneByOrFail({ id: confirmed.teachingCaseId });
    const image = confirmed.imageId ? await this.dataSource.getRepository(StudyImage).findOneBy({ id: confirmed.imageId }) : null;
    if (!image) throw new AppError(ErrorCode.BAD_USER_INPUT, 'The study of this follow-up case has no image', { field: 'followUpCaseId' });
    const diagnosis = confirmed.diagnosis as PathologyResult;
    try {
      return await this.deidentify(actor, image, (caseId, method) => ({
        row: { followUpCaseId, confirmedDiagnosis: diagnosis },
        audit: { resourceType: 'follow-up', resourceId: followUpCaseId, institutionId: followUp.institution_id, details: { teachingCaseId: caseId, imageId: image.id, diagnosis, method} },
      }));
    } catch (error) {
      // Made meanwhile by another trainer (the unique index on follow_up_case_id): answer that one.
      if (error instanceof QueryFailedError && (error.driverError as { code?: string })?.code === '23505') {
        return this.dataSource.getRepository(TeachingCase).findOneByOrFail({ followUpCaseId });
      }
      throw error;
    }
  }

  /** The de-identified copy of one image, stored with its audit event (what `describe` says) in one transaction. */
  private async deidentify(
    actor: Actor,
    image: StudyImage,
    describe: (caseId: string, method: string) => { row: Partial<TeachingCase>; audit: { resourceType: string; resourceId: string; institutionId: string; details: Record<string, unknown> } },
    blank?: Box[],
  ): Promise<TeachingCase> {
    const caseId = randomUUID();
    let frame;
    let method: string;
    let dicomSha256: string | null = null;
    // The frames kept at upload: nothing is decoded again here (for older images the decode pool makes them).
    if (image.format === 'dicom') {
      const fileFrames = await this.dataSource.getRepository(StudyImage).find({ where: { studyId: image.studyId, blobSha256: image.blobSha256 }, order: { frameIndex: 'ASC' } });
      const original = await this.blobs.get(image.blobSha256);
      const deidentified = deidentifyDicom(original, await this.frames.grayFrames(fileFrames, original), caseId, { salt: this.salt(), blank });
      frame = deidentified.frames[fileFrames.findIndex((f) => f.id === image.id)] ?? deidentified.frames[0]!;
      method = deidentified.method;
      dicomSha256 = await this.blobs.put(deidentified.dicom);
    } else {
      const cleaned = cleanPixels(await this.frames.gray(image), image.calibration, blank);
      frame = cleaned.frame;
      method = `Oasis de-identification: ${image.format.toUpperCase()} re-encoded without metadata; ${describeCleaning(cleaned)}`;
    }
    const pngSha256 = await this.blobs.put(encodeGrayPng(frame));
    const { row, audit } = describe(caseId, method);
    await this.audit.transaction(async (tx) => {
      await tx.manager.insert(TeachingCase, { ...row, id: caseId, sourceImageId: image.id, createdBy: actor.userId, pngSha256, dicomSha256, width: frame.width, height: frame.height, method });
      await tx.audit({ actor, action: 'training.teaching-case-create', ...audit });
    });
    return this.dataSource.getRepository(TeachingCase).findOneByOrFail({ id: caseId });
  }

  /**
   * A picture carried in an imported question bank file, made course material as an uploaded PNG is: decoded
   * in the pool, re-encoded without its metadata and the burned-in banner blanked, and stored; the teaching
   * case itself is recorded by `insertImported`, in the import's transaction. A dry run checks and stores nothing.
   */
  async prepareImported(png: Uint8Array, dryRun: boolean): Promise<ImportedTeachingCase> {
    const decoded = await this.frames.decodeGray(png);
    if (decoded.format !== 'png') throw new AppError(ErrorCode.BAD_USER_INPUT, `The picture must be a PNG image, not ${decoded.format.toUpperCase()}`, { field: 'image' });
    const cleaned = cleanPixels(decoded.frames[0]!, decoded.calibration);
    const method = `Imported with a question bank file: PNG re-encoded without metadata; ${describeCleaning(cleaned)}`;
    const pngSha256 = dryRun ? '' : await this.blobs.put(encodeGrayPng(cleaned.frame));
    return { id: randomUUID(), pngSha256, width: cleaned.frame.width, height: cleaned.frame.height, method };
  }

  /** Records imported pictures (prepareImported) as teaching cases with no source image, in the caller's transaction. */
  async insertImported(tx: EntityManager, actor: Actor, cases: ImportedTeachingCase[]): Promise<void> {
    if (cases.length) await tx.insert(TeachingCase, cases.map((c) => ({ ...c, sourceImageId: null, createdBy: actor.userId, dicomSha256: null })));
  }

  /** Whether a teaching case exists here (a bank file's picture exported from this server is used again). */
  exists(id: string): Promise<boolean> {
    return this.dataSource.getRepository(TeachingCase).existsBy({ id });
  }

  /** The de-identified PNG of a teaching case linked as `/training-media/<id>`, or null for any other link. */
  async pngOfLink(url: string | null): Promise<{ teachingCaseId: string; png: Buffer } | null> {
    const id = url ? teachingCaseIdOf(url) : null;
    const teachingCase = id ? await this.dataSource.getRepository(TeachingCase).findOneBy({ id }) : null;
    return teachingCase ? { teachingCaseId: teachingCase.id, png: await this.blobs.get(teachingCase.pngSha256) } : null;
  }

  /** The newest teaching cases, for trainers picking one for a lesson or question (no patient data in them). */
  async list(actor: Actor, limit: number): Promise<TeachingCase[]> {
    await this.policy.authorize(actor, 'training.teaching-case', {}, { type: 'teaching-case' });
    return this.dataSource.getRepository(TeachingCase).find({ order: { createdAt: 'DESC' }, take: limit });
  }

  /** The de-identified image. Any signed-in user: it is course material and carries no patient data. */
  async png(id: string): Promise<Buffer> {
    const teachingCase = await this.dataSource.getRepository(TeachingCase).findOneBy({ id });
    if (!teachingCase) throw notFound('Teaching case');
    return this.blobs.get(teachingCase.pngSha256);
  }

  /** UIDs are replaced by keyed hashes: stable for one case, not traceable without the server's secret. */
  private salt(): string {
    return createHmac('sha256', this.config.jwtSecret).update('teaching-case-uids').digest('hex');
  }
}
