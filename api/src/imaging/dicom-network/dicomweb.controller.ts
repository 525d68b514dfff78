import { randomUUID } from 'node:crypto';
import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppError } from '../../common/app-error.js';
import { CurrentHttpActor, Public } from '../../common/auth.decorators.js';
import { ErrorCode } from '../../common/error-codes.js';
import type { Actor } from '../../policy/actor.js';
import { DicomWebReader, type InstanceFilter } from './dicomweb-reader.service.js';
import { multipartRelated } from './multipart-related.js';
import { StowReceiver } from './stow-receiver.service.js';

const DICOM_JSON = 'application/dicom+json';

/**
 * DICOMweb (PS3.18) at /dicomweb, for PACS and zero-footprint viewers (OHIF):
 *   POST /studies                                      STOW-RS from a registered device (HTTP Basic: AE title + secret)
 *   GET  /studies[?PatientID=&StudyInstanceUID=]        QIDO-RS, the studies the signed-in user may read
 *   GET  /studies/:study/series, …/instances           QIDO-RS below a study
 *   GET  /studies/:study[/series/:s[/instances/:i]]    WADO-RS, the stored files as multipart/related
 *   GET  …/metadata                                    WADO-RS, their attributes as DICOM JSON
 * Reads need a user's bearer token like every other route; the policy and the audit trail are the web app's.
 */
@Controller('dicomweb')
export class DicomWebController {
  constructor(
    private readonly stow: StowReceiver,
    private readonly reader: DicomWebReader,
  ) {}

  @Public()
  @Post('studies')
  async store(@Req() req: Request, @Res() res: Response) {
    const session = await this.stow.authenticate(req.header('authorization'), (req.ip ?? '').replace(/^::ffff:/, ''));
    const answer = await this.stow.store(session, req.header('content-type'), req);
    res.status(answer.status).type(DICOM_JSON).send(JSON.stringify(answer.body));
  }

  @Get('studies')
  async studies(@CurrentHttpActor() actor: Actor, @Query() query: Record<string, string | string[]>, @Req() req: Request, @Res() res: Response) {
    // A repeated key (?PatientID=a&PatientID=b) counts once, as its first value.
    const first = Object.fromEntries(Object.entries(query).map(([k, v]) => [k, Array.isArray(v) ? String(v[0]) : String(v)]));
    json(res, await this.reader.searchStudies(actor, first, baseUrl(req)));
  }

  @Get('studies/:study/series')
  async series(@CurrentHttpActor() actor: Actor, @Param('study') study: string, @Req() req: Request, @Res() res: Response) {
    json(res, await this.reader.searchIn(actor, study, 'series', {}, baseUrl(req)));
  }

  @Get('studies/:study/instances')
  async studyInstances(@CurrentHttpActor() actor: Actor, @Param('study') study: string, @Req() req: Request, @Res() res: Response) {
    json(res, await this.reader.searchIn(actor, study, 'instances', {}, baseUrl(req)));
  }

  @Get('studies/:study/series/:series/instances')
  async seriesInstances(@CurrentHttpActor() actor: Actor, @Param('study') study: string, @Param('series') series: string, @Req() req: Request, @Res() res: Response) {
    json(res, await this.reader.searchIn(actor, study, 'instances', { seriesInstanceUid: series }, baseUrl(req)));
  }

  @Get(['studies/:study/metadata', 'studies/:study/series/:series/metadata', 'studies/:study/series/:series/instances/:instance/metadata'])
  async metadata(@CurrentHttpActor() actor: Actor, @Param() params: Record<string, string>, @Res() res: Response) {
    const files = await this.reader.retrieve(actor, params.study!, filterOf(params));
    json(res, files.map((f) => f.attributes));
  }

  @Get(['studies/:study', 'studies/:study/series/:series', 'studies/:study/series/:series/instances/:instance'])
  async retrieve(@CurrentHttpActor() actor: Actor, @Param() params: Record<string, string>, @Req() req: Request, @Res() res: Response) {
    const accept = req.header('accept') ?? '*/*';
    // Only whole files: frames and rendered images are not offered (a viewer asks for them by other routes).
    if (!/multipart\/related/i.test(accept) && !/\*\/\*/.test(accept)) throw new AppError(ErrorCode.NOT_ACCEPTABLE, 'Ask for multipart/related; type="application/dicom"');
    if (/multipart\/related/i.test(accept) && /type="?(?!application\/dicom\b)[^";,]+/i.test(accept)) throw new AppError(ErrorCode.NOT_ACCEPTABLE, 'Only type="application/dicom" is offered');
    const files = await this.reader.retrieve(actor, params.study!, filterOf(params));
    const boundary = `oasis-${randomUUID()}`;
    res.status(200);
    res.setHeader('Content-Type', `multipart/related; type="application/dicom"; boundary=${boundary}`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.send(multipartRelated(files.map((f) => ({ contentType: `application/dicom; transfer-syntax=${f.transferSyntaxUid}`, bytes: f.bytes })), boundary));
  }
}

const filterOf = (params: Record<string, string>): InstanceFilter => ({ seriesInstanceUid: params.series, sopInstanceUid: params.instance });
const baseUrl = (req: Request) => `${req.protocol}://${req.get('host')}/dicomweb`;

function json(res: Response, body: unknown) {
  res.status(200).type(DICOM_JSON).setHeader('Cache-Control', 'private, no-store');
  res.send(JSON.stringify(body));
}
