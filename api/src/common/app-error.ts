import { GraphQLError } from 'graphql';
import { ErrorCode, httpStatusOf } from './error-codes.js';

/** An expected failure with a stable code; its message is safe to show to the user. */
export class AppError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(message, { extensions: { code, ...details, http: { status: httpStatusOf(code) } } });
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError(ErrorCode.NOT_FOUND, `${what} not found`);
