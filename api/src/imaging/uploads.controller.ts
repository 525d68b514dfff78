import { Body, Controller, Head, HttpCode, Param, ParseUUIDPipe, Patch, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppError } from '../common/app-error.js';
import { CurrentHttpActor } from '../common/auth.decorators.js';
import { ErrorCode } from '../common/error-codes.js';
import type { Actor } from '../policy/actor.js';
import { CreateUploadDto } from './dto/upload.input.js';
import { type UploadState, UploadsService } from './uploads.service.js';

/**
 * Resumable upload protocol (in the spirit of tus 1.0):
 *   POST  /uploads {studyId, fileName, length}      → 201 {id, offset: 0}
 *   HEAD  /uploads/:id                              → 200, Upload-Offset: bytes the server holds
 *   PATCH /uploads/:id  Upload-Offset: n, body = raw bytes (application/offset+octet-stream)
 *                                                   → 200 {offset, complete, imageIds?}
 * After a cut link the client asks HEAD for the offset and continues from there; a PATCH at the wrong
 * offset answers 409 UPLOAD_OFFSET_MISMATCH with the right one.
 */
@Controller('uploads')
export class UploadsController {
  constructor(private readonly uploads: UploadsService) {}

  @Post()
  @HttpCode(201)
  create(@CurrentHttpActor() actor: Actor, @Body() body: CreateUploadDto): Promise<UploadState> {
    return this.uploads.create(actor, body);
  }

  @Head(':id')
  async head(@CurrentHttpActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Res({ passthrough: true }) res: Response) {
    const state = await this.uploads.state(actor, id);
    res.setHeader('Upload-Offset', String(state.offset));
    res.setHeader('Upload-Length', String(state.length));
    res.setHeader('Cache-Control', 'no-store');
  }

  @Patch(':id')
  async append(@CurrentHttpActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const offset = Number(req.header('upload-offset'));
    if (!Number.isSafeInteger(offset) || offset < 0) throw new AppError(ErrorCode.BAD_USER_INPUT, 'Upload-Offset header is required');
    if (!Buffer.isBuffer(req.body)) {
      throw new AppError(ErrorCode.BAD_USER_INPUT, 'Send the bytes as Content-Type: application/offset+octet-stream');
    }
    const state = await this.uploads.append(actor, id, offset, req.body);
    res.setHeader('Upload-Offset', String(state.offset));
    return state;
  }
}
