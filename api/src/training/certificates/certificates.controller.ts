import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { notFound } from '../../common/app-error.js';
import { CurrentHttpActor } from '../../common/auth.decorators.js';
import { isUuid } from '../../common/uuid.js';
import type { Actor } from '../../policy/actor.js';
import { CertificatesService } from './certificates.service.js';

/** GET /certificates/:id.pdf — the certificate with its QR code to the public verification page. */
@Controller('certificates')
export class CertificatesController {
  constructor(private readonly certificates: CertificatesService) {}

  @Get(':file')
  async pdf(@CurrentHttpActor() actor: Actor, @Param('file') file: string, @Req() req: Request, @Res() res: Response) {
    const id = file.toLowerCase().endsWith('.pdf') ? file.slice(0, -'.pdf'.length) : '';
    if (!isUuid(id)) throw notFound('Certificate');
    // The QR points at the address the portal is reached by (behind a proxy: its forwarded host).
    const { bytes, fileName } = await this.certificates.pdf(actor, id, `${req.protocol}://${req.get('host')}`);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.send(bytes);
  }
}
