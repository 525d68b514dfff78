import type { RawBodyRequest } from '@nestjs/common';
import type { Request } from 'express';
import getRawBody from 'raw-body';
import { AppError } from './app-error.js';
import { ErrorCode } from './error-codes.js';

/**
 * A request's body, whole, up to `maxBytes` (else PAYLOAD_TOO_LARGE, `what` naming it), for routes that take a
 * file as their body; one the JSON parser already read (application/json) is taken as it read it.
 */
export async function readBody(req: RawBodyRequest<Request>, maxBytes: number, what: string): Promise<Buffer> {
  if (req.rawBody) return req.rawBody;
  try {
    return await getRawBody(req, { limit: maxBytes });
  } catch (error) {
    if ((error as { type?: string }).type === 'entity.too.large') throw new AppError(ErrorCode.PAYLOAD_TOO_LARGE, `${what} is over ${maxBytes} bytes`);
    throw error;
  }
}
