import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { StudyImage } from '../imaging/study-image.entity.js';
import type { Study } from '../imaging/study.entity.js';
import { ConsentPurpose } from '../patients/consent.entity.js';
import { PatientsService } from '../patients/patients.service.js';
import { ModelStatus, ModelVersion } from './model-version.entity.js';
import { PreRead, PreReadStatus } from './pre-read.entity.js';
import { PreReadQueue } from './pre-read-queue.service.js';

/**
 * Decides, inside the upload's transaction, what each new image gets: a queued pre-read with the region's
 * active model, or a plain NO_MODEL / NO_CONSENT record. Nothing is analysed without consent.
 */
@Injectable()
export class PreReadScheduler {
  constructor(
    private readonly patients: PatientsService,
    private readonly queue: PreReadQueue,
  ) {}

  async schedule(manager: EntityManager, study: Study, images: StudyImage[]): Promise<PreRead[]> {
    const model = await manager.findOneBy(ModelVersion, { region: study.region, status: ModelStatus.ACTIVE });
    const consented = await this.patients.hasConsent(study.patientId, ConsentPurpose.AI_PROCESSING, manager);
    const status = !consented ? PreReadStatus.NO_CONSENT : model ? PreReadStatus.QUEUED : PreReadStatus.NO_MODEL;
    const done = status !== PreReadStatus.QUEUED;
    return manager.save(
      PreRead,
      images.map((image) =>
        manager.create(PreRead, {
          imageId: image.id,
          studyId: study.id,
          modelVersionId: status === PreReadStatus.QUEUED ? model!.id : null,
          status,
          completedAt: done ? new Date() : null,
        }),
      ),
    );
  }

  /** Tells the workers there is new work (after the upload's transaction committed). */
  wake(): void {
    this.queue.wake();
  }
}
