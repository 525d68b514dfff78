import type { NextFunction, Request, Response } from 'express';
import { ErrorCode } from './error-codes.js';

/** Body-parser failures (too large, malformed JSON) answered as JSON with a code, not an HTML page. */
export function bodyErrorsMiddleware(maxBodyBytes: number) {
  return (error: { type?: string; status?: number } & Error, _req: Request, res: Response, next: NextFunction) => {
    if (error?.type === 'entity.too.large') {
      res.status(413).json({ errors: [{ message: `Request body is over ${maxBodyBytes} bytes`, extensions: { code: ErrorCode.PAYLOAD_TOO_LARGE } }] });
      return;
    }
    if (error?.type === 'entity.parse.failed') {
      res.status(400).json({ errors: [{ message: 'Request body is not valid JSON', extensions: { code: ErrorCode.BAD_USER_INPUT } }] });
      return;
    }
    next(error);
  };
}
