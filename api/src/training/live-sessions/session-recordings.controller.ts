import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { notFound } from '../../common/app-error.js';
import { CurrentHttpActor } from '../../common/auth.decorators.js';
import { isUuid } from '../../common/uuid.js';
import type { Actor } from '../../policy/actor.js';
import { SessionRecordingsService } from './session-recordings.service.js';

/** `bytes=a-b`, `bytes=a-` or `bytes=-n` of a file of `size` bytes; null when not satisfiable (one range only). */
export function parseRange(header: string, size: number): { start: number; end: number } | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  const start = match[1] === '' ? Math.max(0, size - Number(match[2])) : Number(match[1]);
  const end = match[1] === '' || match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  return start <= end && start < size ? { start, end } : null;
}

/** GET /training-recordings/:id.webm — a recorded live session, with byte ranges so the player can seek. */
@Controller('training-recordings')
export class SessionRecordingsController {
  constructor(private readonly recordings: SessionRecordingsService) {}

  @Get(':file')
  async video(@CurrentHttpActor() actor: Actor, @Param('file') file: string, @Req() req: Request, @Res() res: Response) {
    const id = file.toLowerCase().endsWith('.webm') ? file.slice(0, -'.webm'.length) : '';
    if (!isUuid(id)) throw notFound('Recording');
    const bytes = await this.recordings.video(actor, id);
    res.setHeader('Content-Type', 'video/webm');
    res.setHeader('Accept-Ranges', 'bytes');
    res.setHeader('Cache-Control', 'private, no-store');
    const header = req.header('range');
    if (!header) {
      res.send(bytes);
      return;
    }
    const range = parseRange(header, bytes.length);
    if (!range) {
      res.status(416).setHeader('Content-Range', `bytes */${bytes.length}`).end();
      return;
    }
    res.status(206).setHeader('Content-Range', `bytes ${range.start}-${range.end}/${bytes.length}`);
    res.send(bytes.subarray(range.start, range.end + 1));
  }
}
