import { Inject, Injectable } from '@nestjs/common';
import { getMultipartBoundary, MaxFileSizeExceededError, MultipartParseError, MultipartParser, type MultipartPart } from '@remix-run/multipart-parser';
import { AuditOutcome } from '../../audit/audit-event.entity.js';
import { AuditService } from '../../audit/audit.service.js';
import { AppError } from '../../common/app-error.js';
import { ErrorCode } from '../../common/error-codes.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { readFileMeta } from '../dicom/file-meta.js';
import { DicomDevicesService } from './dicom-devices.service.js';
import { type DeviceSession, DicomIngestService, recorderOf, StoreStatus } from './dicom-ingest.service.js';

/** DICOM JSON attributes of a STOW-RS answer (PS3.18 10.5.3). */
const Tag = { failedSop: '00081198', referencedSop: '00081199', sopClass: '00081150', sopInstance: '00081155', failureReason: '00081197' } as const;

type SopItem = Record<string, { vr: string; Value: Array<string | number> }>;
export interface StowAnswer {
  /** 200 all stored, 202 some refused, 409 none stored (PS3.18 10.5.3). */
  status: 200 | 202 | 409;
  body: Record<string, { vr: 'SQ'; Value: SopItem[] }>;
}

/**
 * STOW-RS (POST /dicomweb/studies) from a registered device: the device authenticates with HTTP Basic (its AE
 * title and the secret an admin issued), each application/dicom part then goes through the same ingest as a
 * C-STORE (decoded in the pool, stored once, filed into its study or the unmatched inbox, idempotent per
 * SOP Instance UID). Parts are handled one at a time as they arrive, so a study of any size is never held whole.
 */
@Injectable()
export class StowReceiver {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly devices: DicomDevicesService,
    private readonly ingest: DicomIngestService,
    private readonly audit: AuditService,
  ) {}

  /** The device the request is from, or UNAUTHENTICATED (audited like a refused association). */
  async authenticate(authorization: string | undefined, address: string): Promise<DeviceSession> {
    const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(authorization ?? '');
    const decoded = basic ? Buffer.from(basic[1]!, 'base64').toString('latin1') : '';
    const colon = decoded.indexOf(':');
    const [aeTitle, secret] = colon > 0 ? [decoded.slice(0, colon).trim(), decoded.slice(colon + 1)] : ['', ''];
    const device = aeTitle && secret ? await this.devices.byDicomwebCredentials(aeTitle, secret) : null;
    const reason = !basic ? 'no HTTP Basic credentials' : !device ? 'unknown device or wrong secret' : device.address && device.address !== address ? 'address differs from the registered one' : null;
    if (reason) {
      await this.audit.record({
        username: `dicom:${aeTitle || '?'}`,
        action: 'dicom.associate',
        resourceType: 'dicom-device',
        resourceId: device?.id ?? null,
        institutionId: device?.institutionId ?? null,
        outcome: AuditOutcome.DENIED,
        code: 'DICOMWEB_CREDENTIALS_REFUSED',
        details: { source: 'stow-rs', callingAe: aeTitle, address, reason },
      });
      throw new AppError(ErrorCode.UNAUTHENTICATED, 'Send the device’s AE title and DICOMweb secret (HTTP Basic)');
    }
    const session: DeviceSession = { device: device!, peer: { callingAe: device!.aeTitle, calledAe: this.config.dicomAeTitle, address, via: 'stow-rs' } };
    await this.audit.record({ ...recorderOf(session), action: 'dicom.associate', resourceType: 'dicom-device', resourceId: device!.id, institutionId: device!.institutionId });
    return session;
  }

  async store(session: DeviceSession, contentType: string | undefined, body: AsyncIterable<Uint8Array>): Promise<StowAnswer> {
    const boundary = contentType && /^multipart\/related\b/i.test(contentType) ? getMultipartBoundary(contentType) : null;
    const type = /;\s*type="?([^";]+)"?/i.exec(contentType ?? '')?.[1]?.toLowerCase();
    if (!boundary || (type !== undefined && type !== 'application/dicom')) {
      throw new AppError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'Send multipart/related; type="application/dicom" with a boundary (DICOM JSON with bulk data is not taken)');
    }
    const stored: SopItem[] = [];
    const failed: SopItem[] = [];
    // The cap is the upload cap, per instance; the parser refuses a bigger part before keeping it whole.
    const parser = new MultipartParser(boundary, { maxFileSize: this.config.maxUploadBytes, maxTotalSize: Number.MAX_SAFE_INTEGER, maxParts: 100_000 });
    try {
      for await (const chunk of body) for (const part of parser.write(chunk)) await this.part(session, part, stored, failed);
      parser.finish();
    } catch (error) {
      if (error instanceof MaxFileSizeExceededError) throw new AppError(ErrorCode.PAYLOAD_TOO_LARGE, `An instance is over ${this.config.maxUploadBytes} bytes; those before it were stored`, { stored: stored.length });
      if (error instanceof MultipartParseError) throw new AppError(ErrorCode.BAD_USER_INPUT, `The multipart body is malformed: ${error.message}; instances before the fault were stored`, { stored: stored.length });
      throw error;
    }
    if (stored.length + failed.length === 0) throw new AppError(ErrorCode.BAD_USER_INPUT, 'The request holds no instance');
    return {
      status: failed.length === 0 ? 200 : stored.length === 0 ? 409 : 202,
      body: { ...(stored.length ? { [Tag.referencedSop]: { vr: 'SQ', Value: stored } } : {}), ...(failed.length ? { [Tag.failedSop]: { vr: 'SQ', Value: failed } } : {}) },
    };
  }

  private async part(session: DeviceSession, part: MultipartPart, stored: SopItem[], failed: SopItem[]): Promise<void> {
    const bytes = Buffer.from(part.bytes);
    let meta: { sopClassUid: string | null; sopInstanceUid: string | null; transferSyntaxUid: string } | null = null;
    try {
      if (part.mediaType?.toLowerCase() === 'application/dicom') meta = readFileMeta(bytes);
    } catch {
      meta = null;
    }
    const instance = { sopClassUid: meta?.sopClassUid ?? '', sopInstanceUid: meta?.sopInstanceUid ?? '', transferSyntaxUid: meta?.transferSyntaxUid ?? '', bytes, tooLarge: false, part10: true };
    const answer =
      meta?.sopClassUid && meta.sopInstanceUid
        ? await this.ingest.store(session, instance)
        : await this.ingest.refuse(session, instance, StoreStatus.cannotUnderstand, 'DICOM_CORRUPT', part.mediaType === 'application/dicom' ? 'No readable file meta header' : `Part of type ${part.mediaType ?? 'none'}`);
    const item: SopItem = { [Tag.sopClass]: { vr: 'UI', Value: [instance.sopClassUid] }, [Tag.sopInstance]: { vr: 'UI', Value: [instance.sopInstanceUid] } };
    if (answer.status === StoreStatus.success) stored.push(item);
    else failed.push({ ...item, [Tag.failureReason]: { vr: 'US', Value: [answer.status] } });
  }
}
