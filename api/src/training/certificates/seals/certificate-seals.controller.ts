import { Controller, Delete, Get, Param, ParseUUIDPipe, Put, type RawBodyRequest, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { notFound } from '../../../common/app-error.js';
import { CurrentHttpActor } from '../../../common/auth.decorators.js';
import { readBody } from '../../../common/read-body.js';
import { isUuid } from '../../../common/uuid.js';
import type { Actor } from '../../../policy/actor.js';
import { CertificateSealsService } from './certificate-seals.service.js';

/** Largest seal image accepted. */
const MAX_SEAL_BYTES = 5 * 1_048_576;

/**
 * PUT /certificates/seals/:institutionId — body: a PNG or JPEG; answers the CertificateSeal. GET
 * /certificates/seals/:institutionId.png — the seal as kept. DELETE /certificates/seals/:institutionId.
 */
@Controller('certificates/seals')
export class CertificateSealsController {
  constructor(private readonly seals: CertificateSealsService) {}

  /** Answers what the GraphQL CertificateSeal shows (not the blob hash or who set it). */
  @Put(':institutionId')
  async set(@CurrentHttpActor() actor: Actor, @Param('institutionId', ParseUUIDPipe) institutionId: string, @Req() req: RawBodyRequest<Request>) {
    const seal = await this.seals.set(actor, institutionId, await readBody(req, MAX_SEAL_BYTES, 'The seal image'));
    return { institutionId: seal.institutionId, width: seal.width, height: seal.height, setAt: seal.setAt, imageUrl: seal.imageUrl };
  }

  @Get(':file')
  async image(@CurrentHttpActor() actor: Actor, @Param('file') file: string, @Res() res: Response) {
    const id = file.toLowerCase().endsWith('.png') ? file.slice(0, -'.png'.length) : '';
    if (!isUuid(id)) throw notFound('Seal');
    res.setHeader('Content-Type', 'image/png');
    res.setHeader('Cache-Control', 'private, no-store');
    res.send(await this.seals.png(actor, id));
  }

  @Delete(':institutionId')
  async remove(@CurrentHttpActor() actor: Actor, @Param('institutionId', ParseUUIDPipe) institutionId: string): Promise<{ removed: boolean }> {
    return { removed: await this.seals.remove(actor, institutionId) };
  }
}
