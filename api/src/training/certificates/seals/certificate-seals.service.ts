import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import sharp, { type OutputInfo } from 'sharp';
import { DataSource } from 'typeorm';
import { AuditService } from '../../../audit/audit.service.js';
import { AppError, notFound } from '../../../common/app-error.js';
import { ErrorCode } from '../../../common/error-codes.js';
import { Institution } from '../../../identity/institution.entity.js';
import type { Actor } from '../../../policy/actor.js';
import { PolicyService } from '../../../policy/policy.service.js';
import { BLOB_STORE, type BlobStore } from '../../../storage/blob-store.js';
import { CertificateSeal } from './certificate-seal.entity.js';

/** A seal prints about 3 cm wide: kept at most this many pixels a side. */
const SEAL_SIDE = 600;
/** Pixels read from an uploaded image at most (before it is made smaller). */
const MAX_INPUT_PIXELS = 25_000_000;

/**
 * Seals of issuing institutions, set by their admins (`training.certificate-manage`, institution tree): the
 * image is re-encoded by libvips as a PNG (transparency kept, metadata dropped) no larger than SEAL_SIDE, and
 * every change is audited. Certificates issued afterwards carry it (certificate.seal_sha256).
 */
@Injectable()
export class CertificateSealsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
  ) {}

  async seal(actor: Actor, institutionId: string): Promise<CertificateSeal | null> {
    await this.authorize(actor, institutionId);
    return this.dataSource.getRepository(CertificateSeal).findOneBy({ institutionId });
  }

  async png(actor: Actor, institutionId: string): Promise<Buffer> {
    const seal = await this.seal(actor, institutionId);
    if (!seal) throw notFound('Seal');
    return this.blobs.get(seal.pngSha256);
  }

  async set(actor: Actor, institutionId: string, image: Buffer): Promise<CertificateSeal> {
    await this.authorize(actor, institutionId);
    const { data, info } = await reencode(image);
    const pngSha256 = await this.blobs.put(data);
    await this.audit.transaction(async (tx) => {
      await tx.manager.upsert(CertificateSeal, { institutionId, pngSha256, width: info.width, height: info.height, setBy: actor.userId, setAt: new Date() }, ['institutionId']);
      await tx.audit({ actor, action: 'training.seal-set', resourceType: 'institution', resourceId: institutionId, institutionId, details: { pngSha256, width: info.width, height: info.height } });
    });
    return this.dataSource.getRepository(CertificateSeal).findOneByOrFail({ institutionId });
  }

  /** Certificates already issued keep theirs. */
  async remove(actor: Actor, institutionId: string): Promise<boolean> {
    await this.authorize(actor, institutionId);
    return this.audit.transaction(async (tx) => {
      const { affected } = await tx.manager.delete(CertificateSeal, { institutionId });
      if (affected) await tx.audit({ actor, action: 'training.seal-remove', resourceType: 'institution', resourceId: institutionId, institutionId, details: {} });
      return !!affected;
    });
  }

  private async authorize(actor: Actor, institutionId: string): Promise<void> {
    if (!(await this.dataSource.getRepository(Institution).existsBy({ id: institutionId }))) throw notFound('Institution');
    await this.policy.authorize(actor, 'training.certificate-manage', { institutionIds: [institutionId] }, { type: 'institution', id: institutionId });
  }
}

async function reencode(image: Buffer): Promise<{ data: Buffer; info: OutputInfo }> {
  const refused = () => new AppError(ErrorCode.BAD_USER_INPUT, 'The seal must be a PNG or JPEG image', { field: 'image' });
  try {
    const { format } = await sharp(image, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
    if (format !== 'png' && format !== 'jpeg') throw refused();
    return await sharp(image, { limitInputPixels: MAX_INPUT_PIXELS }).resize({ width: SEAL_SIDE, height: SEAL_SIDE, fit: 'inside', withoutEnlargement: true }).png().toBuffer({ resolveWithObject: true });
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw refused();
  }
}
