import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import sharp from 'sharp';
import { DataSource } from 'typeorm';
import { Lesion } from '../ai/lesion.entity.js';
import { gateOf } from '../ai/model-gate.js';
import { MalignancyCall, PreRead, PreReadStatus } from '../ai/pre-read.entity.js';
import { ConsultReport, ReportStatus } from '../consults/reports/consult-report.entity.js';
import { Consult } from '../consults/consult.entity.js';
import { Institution } from '../identity/institution.entity.js';
import { StudyImage } from '../imaging/study-image.entity.js';
import { Study } from '../imaging/study.entity.js';
import { Patient } from '../patients/patient.entity.js';
import { BLOB_STORE, type BlobStore } from '../storage/blob-store.js';
import { encapsulatedPdf } from './objects/encapsulated-pdf.js';
import type { ExportContext } from './objects/export-context.js';
import type { ExportedObject } from './objects/exported-object.js';
import { measurementReport } from './objects/measurement-report.js';
import { overlayCapture } from './objects/overlay-capture.js';
import type { PreReadResult } from './objects/pre-read-result.js';
import { PacsSendKind } from './pacs-send.entity.js';

/**
 * Reads a finished result (a pre-read, a signed report) with its study and patient, and turns it into the
 * DICOM objects the PACS receives. Read-only: results are owned by the AI and consult modules.
 */
@Injectable()
export class PacsResults {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  /** The objects for one outbox row, and the institution their study belongs to (checked against the destination's). */
  async objectsFor(kind: PacsSendKind, sourceId: string, studyId: string): Promise<{ institutionId: string; objects: ExportedObject[] }> {
    const context = await this.context(studyId);
    if (kind === PacsSendKind.REPORT) return { institutionId: context.institutionId, objects: [await this.reportPdf(context, sourceId)] };
    const result = await this.preRead(sourceId);
    return { institutionId: context.institutionId, objects: [await overlayCapture(context, result), measurementReport(context, result)] };
  }

  private async context(studyId: string): Promise<ExportContext & { institutionId: string }> {
    const study = await this.dataSource.getRepository(Study).findOneByOrFail({ id: studyId });
    const [patient, institution] = await Promise.all([
      this.dataSource.getRepository(Patient).findOneByOrFail({ id: study.patientId }),
      this.dataSource.getRepository(Institution).findOneByOrFail({ id: study.institutionId }),
    ]);
    return {
      institutionId: study.institutionId,
      institutionName: institution.name,
      // The hospital's own PACS files results under the PatientID its scanners use, where Oasis knows it.
      patient: { id: patient.dicomPatientId ?? patient.id, name: patient.name, birthDate: patient.birthDate, sex: patient.sex },
      study: { id: study.id, studyInstanceUid: study.studyInstanceUid, createdAt: study.createdAt },
    };
  }

  private async reportPdf(context: ExportContext, reportId: string): Promise<ExportedObject> {
    const report = await this.dataSource.getRepository(ConsultReport).findOneByOrFail({ id: reportId, status: ReportStatus.SIGNED });
    const consult = await this.dataSource.getRepository(Consult).findOneByOrFail({ id: report.consultId });
    const pdf = await this.blobs.get(report.pdfSha256!);
    return encapsulatedPdf(context, { id: report.id, version: report.version, signedAt: report.signedAt!, pdf, title: `Oasis second opinion, consult ${consult.id.slice(0, 8)}, version ${report.version}` });
  }

  private async preRead(preReadId: string): Promise<PreReadResult> {
    const preRead = await this.dataSource.getRepository(PreRead).findOneOrFail({ where: { id: preReadId, status: PreReadStatus.DONE }, relations: { modelVersion: true } });
    const [image, lesions] = await Promise.all([
      this.dataSource.getRepository(StudyImage).findOneByOrFail({ id: preRead.imageId }),
      this.dataSource.getRepository(Lesion).find({ where: { preReadId }, order: { index: 'ASC' } }),
    ]);
    const framePng = await this.blobs.get(image.framePngSha256 ?? image.blobSha256);
    const { width = image.width, height = image.height } = await sharp(framePng).metadata();
    const model = preRead.modelVersion!;
    const calibration = image.calibration;
    return {
      preReadId,
      imageId: image.id,
      framePng,
      frameWidth: width,
      frameHeight: height,
      imageWidth: image.width,
      imageHeight: image.height,
      pixelSpacingMm: calibration.source === 'pixel-spacing' || calibration.source === 'uploader' ? { x: calibration.mmPerPixelX, y: calibration.mmPerPixelY } : null,
      model: { id: model.id, region: model.region, version: model.version, validated: gateOf(model).passed },
      call:
        preRead.call && preRead.malignancyProbability !== null
          ? {
              label: preRead.call === MalignancyCall.MALIGNANT ? 'Suspicious for malignancy' : 'Likely benign',
              malignancyProbability: preRead.malignancyProbability,
              categorySystem: preRead.categorySystem,
              categoryValue: preRead.categoryValue,
            }
          : null,
      lesions: lesions.map((l) => ({ id: l.id, index: l.index, x: l.x, y: l.y, width: l.width, height: l.height, widthMm: l.widthMm, heightMm: l.heightMm, probability: l.probability })),
      completedAt: preRead.completedAt!,
    };
  }
}
