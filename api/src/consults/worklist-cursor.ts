import { AppError } from '../common/app-error.js';
import { ErrorCode } from '../common/error-codes.js';

/** Position in the worklist order: urgency (desc), AI risk (desc, none last), requested (asc), id (asc). */
export interface WorklistPosition {
  urgencyRank: number;
  risk: number;
  requestedAt: string;
  id: string;
}

export const encodeCursor = (p: WorklistPosition) => Buffer.from(JSON.stringify([p.urgencyRank, p.risk, p.requestedAt, p.id])).toString('base64url');

export function decodeCursor(cursor: string): WorklistPosition {
  try {
    const [urgencyRank, risk, requestedAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [number, number, string, string];
    if (typeof urgencyRank !== 'number' || typeof risk !== 'number' || Number.isNaN(Date.parse(requestedAt)) || !/^[0-9a-f-]{36}$/.test(id)) throw new Error();
    return { urgencyRank, risk, requestedAt, id };
  } catch {
    throw new AppError(ErrorCode.BAD_USER_INPUT, 'The worklist cursor is not valid; start from the first page', { field: 'after' });
  }
}
