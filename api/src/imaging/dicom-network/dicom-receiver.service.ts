import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import dimse from 'dcmjs-dimse';
import { AuditOutcome } from '../../audit/audit-event.entity.js';
import { AuditService } from '../../audit/audit.service.js';
import { type RequestContext, runWithRequestContext } from '#contracts/logging/request-context.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { DicomDevicesService } from './dicom-devices.service.js';
import { type DeviceSession, DicomIngestService, recorderOf } from './dicom-ingest.service.js';
import { type Peer, type StorageHandler, storageScpClass } from './storage-scp.js';

type Session = DeviceSession & { context: RequestContext };

/**
 * The DICOM receiver (Storage SCP): listens on OASIS_DICOM_PORT as OASIS_DICOM_AE when the port is set.
 * An association is accepted only from an active registered device (calling AE title, and its address when
 * one is registered); each refusal is logged and audited with the calling AE and address. Every operation
 * runs in a request context naming the association and the peer's address, so its audit rows say where it
 * came from.
 */
@Injectable()
export class DicomReceiver implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DicomReceiver.name);
  private server: dimse.Server | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly devices: DicomDevicesService,
    private readonly ingest: DicomIngestService,
    private readonly audit: AuditService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.dicomPort === undefined) return;
    dimse.log.setLevel('silent');
    const server = new dimse.Server(storageScpClass(this.config.dicomAeTitle, this.handler()));
    await new Promise<void>((resolve, reject) => {
      server.once('listening', () => resolve());
      server.once('networkError', (error: Error) => reject(error));
      server.listen(this.config.dicomPort!);
    });
    server.on('networkError', (error: Error) => this.logger.warn({ msg: 'DICOM network error', error: error.message }));
    this.server = server;
    this.logger.log({ msg: 'DICOM receiver listening', port: this.config.dicomPort, aeTitle: this.config.dicomAeTitle });
  }

  onApplicationShutdown(): void {
    this.server?.close();
    this.server = null;
  }

  private handler(): StorageHandler<Session> {
    return {
      maxInstanceBytes: this.config.maxUploadBytes,
      associate: (peer) => {
        const context: RequestContext = { requestId: randomUUID(), ip: peer.address, userAgent: `DICOM ${peer.callingAe}`.slice(0, 300) };
        return runWithRequestContext(context, () => this.associate(peer, context));
      },
      refusedContexts: (session, refused) =>
        runWithRequestContext(session.context, async () => {
          this.logger.warn({ msg: 'DICOM presentation contexts refused', callingAe: session.peer.callingAe, refused });
          await this.audit.record({
            ...recorderOf(session),
            action: 'dicom.negotiate',
            resourceType: 'dicom-device',
            resourceId: session.device.id,
            institutionId: session.device.institutionId,
            outcome: AuditOutcome.FAILURE,
            code: 'PRESENTATION_CONTEXT_REFUSED',
            details: { ...recorderOf(session).details, refused },
          });
        }),
      store: (session, instance) => runWithRequestContext(session.context, () => this.ingest.store(session, instance)),
      failed: (session, error) => this.logger.error({ msg: 'DICOM operation failed', callingAe: session?.peer.callingAe, error: (error as Error)?.stack ?? String(error) }),
    };
  }

  private async associate(peer: Peer, context: RequestContext): Promise<{ session: Session } | { refuse: 'calling-ae' | 'called-ae' }> {
    const device = await this.devices.byAeTitle(peer.callingAe);
    const refusal = peer.calledAe !== this.config.dicomAeTitle ? 'called-ae' : !device ? 'calling-ae' : device.address && device.address !== peer.address ? 'calling-ae' : null;
    if (refusal) {
      const reason = refusal === 'called-ae' ? 'called AE title is not ours' : device ? 'address differs from the registered one' : 'unknown or inactive device';
      this.logger.warn({ msg: 'DICOM association refused', callingAe: peer.callingAe, calledAe: peer.calledAe, address: peer.address, reason });
      await this.audit.record({
        username: `dicom:${peer.callingAe}`,
        action: 'dicom.associate',
        resourceType: 'dicom-device',
        resourceId: device?.id ?? null,
        institutionId: device?.institutionId ?? null,
        outcome: AuditOutcome.DENIED,
        code: refusal === 'called-ae' ? 'CALLED_AE_NOT_RECOGNIZED' : 'CALLING_AE_NOT_RECOGNIZED',
        details: { source: 'dicom', callingAe: peer.callingAe, calledAe: peer.calledAe, address: peer.address, reason },
      });
      return { refuse: refusal };
    }
    const session: Session = { device: device!, peer, context };
    await this.audit.record({ ...recorderOf(session), action: 'dicom.associate', resourceType: 'dicom-device', resourceId: device!.id, institutionId: device!.institutionId });
    return { session };
  }
}
