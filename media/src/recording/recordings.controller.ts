import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Body, Controller, HttpCode, HttpException, HttpStatus, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { MediaRuntime } from '../media-runtime.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyMediaEventsSignature } from '#contracts/protocol/media-events.js';
import { MEDIA_RECORDINGS_PATH, RECORDING_HEADER, type RecordingInfo, type RecordingRequestBody } from '#contracts/protocol/media-recordings.js';
import { SignallingErrorCode } from '#contracts/protocol/signalling.js';
import { SignallingFailure } from '../signalling/signalling-failure.js';
import { joinSegments } from './recorder.js';

const STATUS: Partial<Record<SignallingErrorCode, HttpStatus>> = {
  [SignallingErrorCode.NOT_FOUND]: HttpStatus.NOT_FOUND,
  [SignallingErrorCode.FORBIDDEN]: HttpStatus.FORBIDDEN,
  [SignallingErrorCode.BAD_STATE]: HttpStatus.CONFLICT,
};

/** Start and stop of a room's recording, for the API only (signed with the media secret). */
@Controller(MEDIA_RECORDINGS_PATH.slice(1))
export class RecordingsController {
  /** Folder of each room's running recording. */
  private readonly dirs = new Map<string, string>();

  constructor(private readonly runtime: MediaRuntime) {}

  @Post('start')
  @HttpCode(204)
  async start(@Req() req: Request & { rawBody?: Buffer }, @Body() body: RecordingRequestBody): Promise<void> {
    const room = this.room(req, body);
    const dir = join(tmpdir(), `oasis-recording-${randomUUID()}`);
    await mkdir(dir, { recursive: true });
    try {
      await this.refusing(() => room.startRecording(dir));
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
    this.dirs.set(room.key, dir);
  }

  /** Answers with the whole file; its folder is removed once sent (the API keeps it in the blob store). */
  @Post('stop')
  async stop(@Req() req: Request & { rawBody?: Buffer }, @Body() body: RecordingRequestBody, @Res() res: Response): Promise<void> {
    const room = this.room(req, body);
    const result = await this.refusing(() => room.stopRecording());
    const dir = this.dirs.get(room.key) ?? join(result.segments[0], '..');
    this.dirs.delete(room.key);
    const file = join(dir, 'recording.webm');
    try {
      await joinSegments(result.segments, file);
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw new HttpException({ code: 'RECORDING_EMPTY', message: error instanceof Error ? error.message : String(error) }, HttpStatus.UNPROCESSABLE_ENTITY);
    }
    const info: RecordingInfo = { startedAt: result.startedAt, stoppedAt: result.stoppedAt, gaps: result.gaps };
    res.status(200).set({ 'content-type': 'video/webm', 'content-length': String((await stat(file)).size), [RECORDING_HEADER]: JSON.stringify(info) });
    const stream = createReadStream(file);
    stream.once('close', () => void rm(dir, { recursive: true, force: true }));
    stream.pipe(res);
  }

  private room(req: Request & { rawBody?: Buffer }, body: RecordingRequestBody) {
    if (!verifyMediaEventsSignature(this.runtime.config.secret, req.rawBody?.toString('utf8') ?? '', req.header(SIGNATURE_HEADER), req.header(TIMESTAMP_HEADER))) {
      throw new HttpException({ code: SignallingErrorCode.FORBIDDEN, message: 'recording requests must be signed with the media secret' }, HttpStatus.UNAUTHORIZED);
    }
    const room = typeof body?.room === 'string' ? this.runtime.manager.rooms.get(body.room) : undefined;
    if (!room) throw new HttpException({ code: SignallingErrorCode.NOT_FOUND, message: 'no such live room' }, HttpStatus.NOT_FOUND);
    return room;
  }

  private async refusing<T>(action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      if (!(error instanceof SignallingFailure)) throw error;
      throw new HttpException({ code: error.code, message: error.reason }, STATUS[error.code] ?? HttpStatus.BAD_REQUEST);
    }
  }
}
