import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { AppError, notFound } from '../common/app-error.js';
import { ErrorCode } from '../common/error-codes.js';
import { StudiesService } from '../imaging/studies.service.js';
import type { Actor } from '../policy/actor.js';
import { PolicyService } from '../policy/policy.service.js';
import type { RegisterPacsDestinationInput } from './dto/pacs-destination.input.js';
import { PacsDestination } from './pacs-destination.entity.js';
import { PacsSend } from './pacs-send.entity.js';

const RESOURCE = { type: 'pacs-destination' };

/** Where an institution's results go (managed by the admins of its tree), and the state of each send. */
@Injectable()
export class PacsDestinationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
    private readonly studies: StudiesService,
  ) {}

  async list(actor: Actor, institutionId?: string): Promise<PacsDestination[]> {
    const scope = await this.policy.listScope(actor, 'pacs-destination.manage', RESOURCE, institutionId);
    return this.dataSource.getRepository(PacsDestination).find({ where: { institutionId: In(scope) }, order: { active: 'DESC', label: 'ASC' } });
  }

  async register(actor: Actor, input: RegisterPacsDestinationInput): Promise<PacsDestination> {
    await this.policy.authorize(actor, 'pacs-destination.manage', { institutionIds: [input.institutionId] }, RESOURCE);
    const peer = peerOf(input);
    return this.audit.transaction(async (tx) => {
      const destination = await tx.manager.save(PacsDestination, tx.manager.create(PacsDestination, { institutionId: input.institutionId, label: input.label, ...peer, createdBy: actor.userId }));
      await tx.audit({ actor, action: 'pacs-destination.register', resourceType: RESOURCE.type, resourceId: destination.id, institutionId: destination.institutionId, details: peer });
      return destination;
    });
  }

  /** Stops sending to it; what is queued for it stays queued, visible on the studies, and nothing new is queued. */
  async deactivate(actor: Actor, id: string): Promise<PacsDestination> {
    const destination = await this.dataSource.getRepository(PacsDestination).findOneBy({ id });
    if (!destination) throw notFound('PACS destination');
    await this.policy.authorize(actor, 'pacs-destination.manage', { institutionIds: [destination.institutionId] }, { ...RESOURCE, id });
    if (!destination.active) return destination;
    return this.audit.transaction(async (tx) => {
      await tx.manager.update(PacsDestination, { id }, { active: false });
      await tx.audit({ actor, action: 'pacs-destination.deactivate', resourceType: RESOURCE.type, resourceId: id, institutionId: destination.institutionId, details: { label: destination.label } });
      return tx.manager.findOneByOrFail(PacsDestination, { id });
    });
  }

  /** What was sent of a study to its institution's PACS, for those who may read the study (getFor audits the read). */
  async sendsOf(actor: Actor, studyId: string): Promise<PacsSend[]> {
    const study = await this.studies.getFor(actor, studyId);
    return this.dataSource.getRepository(PacsSend).find({ where: { studyId, institutionId: study.institutionId }, order: { createdAt: 'ASC' } });
  }
}

/** Either a DIMSE peer (all three of AE title, host, port) or a DICOMweb URL, never a mix. */
function peerOf(input: RegisterPacsDestinationInput): Pick<PacsDestination, 'aeTitle' | 'host' | 'port' | 'dicomwebUrl'> {
  const dimse = [input.aeTitle, input.host, input.port].filter((v) => v !== undefined && v !== null).length;
  if (input.dicomwebUrl && dimse === 0) return { aeTitle: null, host: null, port: null, dicomwebUrl: input.dicomwebUrl.replace(/\/+$/, '') };
  if (!input.dicomwebUrl && dimse === 3) return { aeTitle: input.aeTitle!.trim(), host: input.host!, port: input.port!, dicomwebUrl: null };
  throw new AppError(ErrorCode.BAD_USER_INPUT, 'Give either the AE title, host and port of the PACS, or its DICOMweb URL', { field: input.dicomwebUrl ? 'dicomwebUrl' : 'aeTitle' });
}
