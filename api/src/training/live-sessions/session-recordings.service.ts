import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { signMediaEvents } from '#contracts/protocol/media-events.js';
import { MEDIA_RECORDINGS_PATH, RECORDING_HEADER, type RecordingInfo } from '#contracts/protocol/media-recordings.js';
import { roomKey } from '#contracts/protocol/join-token.js';
import { AuditService } from '../../audit/audit.service.js';
import { AppError, notFound } from '../../common/app-error.js';
import { ErrorCode } from '../../common/error-codes.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import type { Actor } from '../../policy/actor.js';
import { BLOB_STORE, type BlobStore } from '../../storage/blob-store.js';
import { TrainingAccess } from '../training-access.service.js';
import { LiveSession } from './live-session.entity.js';
import { LiveSessionsService } from './live-sessions.service.js';
import { SessionRecording } from './session-recording.entity.js';

/** A stopped recording is downloaded whole from the media service: an hour of WebM is a few hundred MB. */
const STOP_TIMEOUT_MS = 10 * 60_000;

/**
 * Trainers start and stop the recording of a live session on the media service; the stopped recording is
 * kept in the blob store and listed with the session for its course's staff and enrolled trainees.
 */
@Injectable()
export class SessionRecordingsService {
  private readonly logger = new Logger(SessionRecordingsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly access: TrainingAccess,
    private readonly sessions: LiveSessionsService,
    private readonly audit: AuditService,
  ) {}

  async start(actor: Actor, sessionId: string): Promise<boolean> {
    const { session, course } = await this.authorized(actor, sessionId);
    await this.media('start', session);
    await this.audit.record({ actor, action: 'training.record-start', resourceType: 'live_session', resourceId: session.id, institutionId: course.institutionId });
    return true;
  }

  async stop(actor: Actor, sessionId: string): Promise<SessionRecording> {
    const { session, course } = await this.authorized(actor, sessionId);
    const answer = await this.media('stop', session, STOP_TIMEOUT_MS);
    const info = JSON.parse(answer.headers.get(RECORDING_HEADER) ?? '{}') as RecordingInfo;
    const bytes = Buffer.from(await answer.arrayBuffer());
    const sha256 = await this.blobs.put(bytes);
    return this.audit.transaction(async (tx) => {
      const recording = await tx.manager.save(
        tx.manager.create(SessionRecording, {
          liveSessionId: session.id,
          blobSha256: sha256,
          byteSize: bytes.length,
          startedAt: new Date(info.startedAt),
          stoppedAt: new Date(info.stoppedAt),
          gaps: info.gaps ?? [],
          recordedBy: actor.userId,
        }),
      );
      await tx.audit({ actor, action: 'training.record-stop', resourceType: 'session_recording', resourceId: recording.id, institutionId: course.institutionId, details: { liveSessionId: session.id, bytes: bytes.length, gaps: recording.gaps.length } });
      return recording;
    });
  }

  /**
   * The session's recordings. Only under a LiveSession, which liveSessions, liveSession and scheduleLiveSession
   * hand out after authorising the reader: asking again per session would cost a course page one check each.
   */
  list(session: LiveSession): Promise<SessionRecording[]> {
    return this.dataSource.getRepository(SessionRecording).find({ where: { liveSessionId: session.id }, order: { startedAt: 'ASC' } });
  }

  /** The whole WebM, for the video endpoint; every view is audited. */
  async video(actor: Actor, recordingId: string): Promise<Buffer> {
    const recording = await this.dataSource.getRepository(SessionRecording).findOneBy({ id: recordingId });
    if (!recording) throw notFound('Recording');
    const session = await this.sessions.get(actor, recording.liveSessionId);
    const course = await this.access.course(session.courseId);
    await this.audit.recordRead({ actor, action: 'training.recording-view', resourceType: 'session_recording', resourceId: recording.id, institutionId: course.institutionId });
    return this.blobs.get(recording.blobSha256);
  }

  private async authorized(actor: Actor, sessionId: string) {
    const session = await this.dataSource.getRepository(LiveSession).findOneBy({ id: sessionId });
    if (!session) throw notFound('Live session');
    const course = await this.access.course(session.courseId);
    // Refused (coded FORBIDDEN, audited) through PolicyService for viewers and anyone outside the course's institution.
    await this.access.authorize(actor, 'training.record', course);
    return { session, course };
  }

  private async media(action: 'start' | 'stop', session: LiveSession, timeoutMs = 15_000): Promise<Response> {
    const body = JSON.stringify({ room: roomKey('training', session.id) });
    let answer: Response;
    try {
      answer = await fetch(`${this.config.mediaUrl.replace(/\/$/, '')}${MEDIA_RECORDINGS_PATH}/${action}`, {
        method: 'POST',
        body,
        headers: signMediaEvents(this.config.mediaSecret, body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      this.logger.warn(`media service unreachable for recording ${action}: ${String(error)}`);
      throw new AppError(ErrorCode.CALL_NOT_AVAILABLE, 'The media service cannot be reached; try again shortly');
    }
    if (answer.ok) return answer;
    const refusal = (await answer.json().catch(() => ({}))) as { code?: string; message?: string };
    const message = refusal.message ?? `media service answered ${answer.status}`;
    // The room has nobody in it, or the presenter sends nothing: nothing to record yet.
    if (refusal.code === 'NOT_FOUND' || message.includes('no media')) throw new AppError(ErrorCode.CALL_NOT_AVAILABLE, `Nothing to record: ${message}`);
    if (refusal.code === 'BAD_STATE') throw new AppError(ErrorCode.CONFLICT, message);
    throw new AppError(ErrorCode.INTERNAL, `Recording ${action} failed: ${message}`);
  }
}
