import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import { AppError, notFound } from '../../common/app-error.js';
import { ErrorCode } from '../../common/error-codes.js';
import type { Actor } from '../../policy/actor.js';
import { PolicyService } from '../../policy/policy.service.js';
import { DicomDevice } from './dicom-device.entity.js';
import type { RegisterDicomDeviceInput } from './dto/dicom-device.input.js';

const RESOURCE = { type: 'dicom-device' };

/** The scanners and PACS allowed to send to Oasis, managed by the admins of the institution's tree. */
@Injectable()
export class DicomDevicesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, institutionId?: string): Promise<DicomDevice[]> {
    const scope = await this.policy.listScope(actor, 'dicom-device.manage', RESOURCE, institutionId);
    return this.dataSource.getRepository(DicomDevice).find({ where: { institutionId: In(scope) }, order: { active: 'DESC', label: 'ASC' } });
  }

  async register(actor: Actor, input: RegisterDicomDeviceInput): Promise<DicomDevice> {
    await this.policy.authorize(actor, 'dicom-device.manage', { institutionIds: [input.institutionId] }, RESOURCE);
    const aeTitle = input.aeTitle.trim();
    return this.audit.transaction(async (tx) => {
      // The calling AE title picks the device (and so the institution) at association: it must be unambiguous.
      if (await tx.manager.existsBy(DicomDevice, { aeTitle, active: true })) {
        throw new AppError(ErrorCode.CONFLICT, `An active device already calls itself ${aeTitle}`, { field: 'aeTitle' });
      }
      const device = await tx.manager.save(
        DicomDevice,
        tx.manager.create(DicomDevice, { institutionId: input.institutionId, aeTitle, address: input.address ?? null, label: input.label, region: input.region, createdBy: actor.userId }),
      );
      await tx.audit({ actor, action: 'dicom-device.register', resourceType: RESOURCE.type, resourceId: device.id, institutionId: device.institutionId, details: { aeTitle, address: device.address } });
      return device;
    });
  }

  async deactivate(actor: Actor, id: string): Promise<DicomDevice> {
    const device = await this.dataSource.getRepository(DicomDevice).findOneBy({ id });
    if (!device) throw notFound('Device');
    await this.policy.authorize(actor, 'dicom-device.manage', { institutionIds: [device.institutionId] }, { ...RESOURCE, id });
    if (!device.active) return device;
    return this.audit.transaction(async (tx) => {
      await tx.manager.update(DicomDevice, { id }, { active: false, deactivatedAt: new Date() });
      await tx.audit({ actor, action: 'dicom-device.deactivate', resourceType: RESOURCE.type, resourceId: id, institutionId: device.institutionId, details: { aeTitle: device.aeTitle } });
      return tx.manager.findOneByOrFail(DicomDevice, { id });
    });
  }

  /**
   * A new STOW-RS secret for the device, returned once: the device sends it as the password of HTTP Basic with
   * its AE title as the user name. Only its SHA-256 is kept (it is 256 random bits: no slow hash is needed);
   * the previous secret stops working.
   */
  async issueDicomwebSecret(actor: Actor, id: string): Promise<string> {
    const device = await this.dataSource.getRepository(DicomDevice).findOneBy({ id });
    if (!device) throw notFound('Device');
    await this.policy.authorize(actor, 'dicom-device.manage', { institutionIds: [device.institutionId] }, { ...RESOURCE, id });
    if (!device.active) throw new AppError(ErrorCode.CONFLICT, 'The device is deactivated');
    const secret = randomBytes(32).toString('base64url');
    await this.audit.transaction(async (tx) => {
      await tx.manager.update(DicomDevice, { id }, { dicomwebSecretHash: secretHash(secret) });
      await tx.audit({ actor, action: 'dicom-device.issue-secret', resourceType: RESOURCE.type, resourceId: id, institutionId: device.institutionId, details: { aeTitle: device.aeTitle, replaced: device.dicomwebSecretHash !== null } });
    });
    return secret;
  }

  /** The active device with this AE title and STOW-RS secret, if any. */
  async byDicomwebCredentials(aeTitle: string, secret: string): Promise<DicomDevice | null> {
    const device = await this.byAeTitle(aeTitle);
    if (!device?.dicomwebSecretHash) return null;
    return timingSafeEqual(Buffer.from(device.dicomwebSecretHash, 'hex'), Buffer.from(secretHash(secret), 'hex')) ? device : null;
  }

  /** The active device presenting this calling AE title, if any (for the receiver's association check). */
  byAeTitle(aeTitle: string): Promise<DicomDevice | null> {
    return this.dataSource.getRepository(DicomDevice).findOneBy({ aeTitle, active: true });
  }
}

const secretHash = (secret: string) => createHash('sha256').update(secret).digest('hex');
