import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AuditOutcome } from '../audit/audit-event.entity.js';
import { AuditService } from '../audit/audit.service.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { returningRows } from '../database/returning-rows.js';
import { scheduleSweep } from '../common/api-sweep.js';
import { PacsDestination } from './pacs-destination.entity.js';
import { PacsResults } from './pacs-results.js';
import { PacsSend, PacsSendStatus } from './pacs-send.entity.js';
import { storeObjects } from './store-scu.js';
import { stowObjects } from './stow-rs.js';

/** Results finished up to this long before a scan's own start may still be committing: each scan looks back this far. */
const SCAN_OVERLAP_SECONDS = 60;
/** A claimed send is someone's for this long; a process that died lets it fall due again after it. */
const LEASE_SECONDS = 300;
/** Sends delivered per tick at most. */
const CLAIM = 10;
/** Retry back-off: 30 s, doubling, at most an hour; a send is never given up (the PACS will come back). */
export const retryDelaySeconds = (attempts: number) => Math.min(30 * 2 ** Math.max(0, attempts - 1), 3600);

/**
 * The outbox to the hospitals' PACS. A scan queues, for every active destination, each result finished since
 * its watermark in a study of the destination's institution (a pre-read done, a report signed); one row per
 * result and destination, so a result is queued once however often it is scanned. Delivery claims due rows
 * with a lease, sends each over C-STORE or STOW-RS, and on failure keeps the row queued with the reason and a later try.
 */
@Injectable()
export class PacsOutbox implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PacsOutbox.name);
  private stopSweep: () => void = () => undefined;
  private running: Promise<void> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly results: PacsResults,
    private readonly audit: AuditService,
  ) {}

  onApplicationBootstrap() {
    this.stopSweep = scheduleSweep(this.config, this.config.pacsIntervalMs, () => this.tick(), this.logger, 'PACS outbox round');
  }

  async onApplicationShutdown() {
    this.stopSweep();
    await this.running;
  }

  /** One scan and one delivery round; concurrent calls share the round in progress. */
  tick(): Promise<void> {
    this.running ??= (async () => {
      try {
        await this.scan();
        await this.deliver();
      } catch (error) {
        this.logger.error({ msg: 'PACS outbox round failed', error: (error as Error).message });
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  async scan(): Promise<void> {
    const destinations = await this.dataSource.getRepository(PacsDestination).findBy({ active: true });
    for (const d of destinations) {
      await this.dataSource.transaction(async (manager) => {
        const [{ until }] = await manager.query(`SELECT now() AS until`);
        const window = [d.id, d.institutionId, d.scannedUntil, until];
        await manager.query(
          `INSERT INTO pacs_send (destination_id, institution_id, study_id, kind, source_id)
           SELECT $1, s.institution_id, p.study_id, 'PRE_READ', p.id
             FROM pre_read p JOIN study s ON s.id = p.study_id
            WHERE s.institution_id = $2 AND p.status = 'DONE'
              AND p.completed_at > $3::timestamptz - make_interval(secs => ${SCAN_OVERLAP_SECONDS}) AND p.completed_at <= $4
           ON CONFLICT (destination_id, kind, source_id) DO NOTHING`,
          window,
        );
        await manager.query(
          `INSERT INTO pacs_send (destination_id, institution_id, study_id, kind, source_id)
           SELECT $1, s.institution_id, c.study_id, 'REPORT', r.id
             FROM consult_report r JOIN consult c ON c.id = r.consult_id JOIN study s ON s.id = c.study_id
            WHERE s.institution_id = $2 AND r.status = 'SIGNED'
              AND r.signed_at > $3::timestamptz - make_interval(secs => ${SCAN_OVERLAP_SECONDS}) AND r.signed_at <= $4
           ON CONFLICT (destination_id, kind, source_id) DO NOTHING`,
          window,
        );
        await manager.update(PacsDestination, { id: d.id }, { scannedUntil: until });
      });
    }
  }

  async deliver(): Promise<void> {
    const ids = returningRows<{ id: string }>(
      await this.dataSource.query(
        `UPDATE pacs_send SET next_attempt_at = now() + make_interval(secs => ${LEASE_SECONDS})
          WHERE id IN (SELECT p.id FROM pacs_send p JOIN pacs_destination d ON d.id = p.destination_id
                        WHERE p.status = 'QUEUED' AND p.next_attempt_at <= now() AND d.active
                        ORDER BY p.next_attempt_at LIMIT ${CLAIM} FOR UPDATE OF p SKIP LOCKED)
          RETURNING id`,
      ),
    ).map((row) => row.id);
    if (ids.length === 0) return;
    const claimed = await this.dataSource.getRepository(PacsSend).findBy({ id: In(ids) });
    const destinations = await this.dataSource.getRepository(PacsDestination).findBy({ id: In([...new Set(claimed.map((s) => s.destinationId))]) });
    const byId = new Map(destinations.map((d) => [d.id, d]));
    for (const send of claimed) await this.deliverOne(send, byId.get(send.destinationId)!);
  }

  private async deliverOne(send: PacsSend, destination: PacsDestination): Promise<void> {
    const attempts = send.attempts + 1;
    try {
      const { institutionId, objects } = await this.results.objectsFor(send.kind, send.sourceId, send.studyId);
      // Never to another institution's PACS, whatever the row says.
      if (institutionId !== destination.institutionId || send.institutionId !== destination.institutionId) {
        throw new Error('the study does not belong to the destination’s institution');
      }
      if (destination.dicomwebUrl) await stowObjects(destination.dicomwebUrl, objects);
      else await storeObjects({ host: destination.host!, port: destination.port!, calledAe: destination.aeTitle!, callingAe: this.config.dicomAeTitle }, objects);
      const sopInstanceUids = objects.map((o) => o.sopInstanceUid);
      await this.dataSource.getRepository(PacsSend).update({ id: send.id }, { status: PacsSendStatus.SENT, attempts, sentAt: new Date(), lastError: null, sopInstanceUids });
      await this.audit.record({
        action: 'pacs.send',
        resourceType: 'study',
        resourceId: send.studyId,
        institutionId: destination.institutionId,
        details: { ...peerOf(destination), kind: send.kind, sourceId: send.sourceId, sopInstanceUids },
      });
    } catch (error) {
      const reason = (error as Error).message.slice(0, 500);
      const delay = retryDelaySeconds(attempts);
      await this.dataSource.query(`UPDATE pacs_send SET attempts = $2, last_error = $3, next_attempt_at = now() + make_interval(secs => $4) WHERE id = $1`, [send.id, attempts, reason, delay]);
      this.logger.warn({ msg: 'PACS send failed; queued for another try', sendId: send.id, ...peerOf(destination), attempts, retryInSeconds: delay, reason });
      if (attempts === 1) {
        await this.audit.record({ action: 'pacs.send', resourceType: 'study', resourceId: send.studyId, institutionId: destination.institutionId, outcome: AuditOutcome.FAILURE, details: { ...peerOf(destination), kind: send.kind, reason } });
      }
    }
  }
}

/** How the log and the audit trail name a destination. */
const peerOf = (d: PacsDestination) => (d.dicomwebUrl ? { destination: d.label, dicomwebUrl: d.dicomwebUrl } : { destination: d.aeTitle, host: d.host, port: d.port });
