import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { LoggerService } from '@nestjs/common';
import { runWithRequestContext } from '#contracts/logging/request-context.js';

const SAFE_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * Gives each request an id (a caller's X-Request-Id is kept when it looks sane), returns it in the
 * response, makes it available to logs and audit rows, and logs one line when the response is sent.
 */
export function requestContextMiddleware(logger: LoggerService) {
  return (req: Request, res: Response, next: NextFunction) => {
    const given = req.header('x-request-id');
    const requestId = given && SAFE_ID.test(given) ? given : randomUUID();
    res.setHeader('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    const context = { requestId, ip: req.ip ?? req.socket.remoteAddress ?? null, userAgent: req.header('user-agent') ?? null };
    runWithRequestContext(context, () => {
      res.on('finish', () =>
        runWithRequestContext(context, () =>
          logger.log({
            msg: 'request',
            method: req.method,
            path: req.originalUrl.split('?')[0],
            status: res.statusCode,
            ms: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
          }),
        ),
      );
      next();
    });
  };
}
