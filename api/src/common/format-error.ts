import type { Logger } from '@nestjs/common';
import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ErrorCode } from './error-codes.js';

/** Codes Apollo and graphql-js produce for malformed requests; they pass through unchanged. */
const PASS_THROUGH = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
  ...Object.values(ErrorCode),
]);

const CODES: Record<string, true> = Object.fromEntries(Object.values(ErrorCode).map((c) => [c, true]));

interface HttpLikeError {
  getStatus?: () => number;
  getResponse?: () => string | { message?: string | string[] };
}

/** graphql-js's "Did you mean "patients"?" hints (fields, arguments, types, enum values in variables). */
const SUGGESTION = / ?Did you mean [^?]*\?/g;

/**
 * Every error leaves the API with a stable `extensions.code`. Expected errors keep their message;
 * validation errors list what is wrong; anything unexpected is logged and shown only as INTERNAL_SERVER_ERROR.
 * With `hideSuggestions` (production) no message names schema fields the caller did not write: the hints
 * would map the schema for anyone, signed in or not, even with introspection off.
 */
export function formatGraphqlError(logger: Logger, { hideSuggestions = false } = {}) {
  const format = formatWithCode(logger);
  if (!hideSuggestions) return format;
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const result = format(formatted, error);
    const problems = result.extensions?.problems;
    return {
      ...result,
      message: result.message.replace(SUGGESTION, ''),
      ...(Array.isArray(problems) ? { extensions: { ...result.extensions, problems: problems.map((p: string) => p.replace(SUGGESTION, '')) } } : {}),
    };
  };
}

function formatWithCode(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error) as HttpLikeError & Error;
    // Apollo relabels every validation error; our own limits keep their specific code.
    const ownCode = (error as { originalError?: { extensions?: { code?: unknown } } })?.originalError?.extensions?.code;
    const code = (typeof ownCode === 'string' && ownCode in CODES ? ownCode : formatted.extensions?.code) as string | undefined;
    const safe = { message: formatted.message, locations: formatted.locations, path: formatted.path };

    if (typeof original?.getStatus === 'function' && original.getStatus() === 400) {
      const response = original.getResponse?.();
      const messages = typeof response === 'object' && response?.message ? [response.message].flat() : [formatted.message];
      return { ...safe, message: messages.join('; '), extensions: { code: ErrorCode.BAD_USER_INPUT, problems: messages } };
    }
    if (code && PASS_THROUGH.has(code) && code !== ErrorCode.INTERNAL) {
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      return { ...safe, extensions: { ...extensions, code } };
    }
    logger.error({ msg: 'unexpected GraphQL error', error: original?.message ?? formatted.message, stack: original?.stack, path: formatted.path });
    return { ...safe, message: 'Something went wrong on the server; the error was logged', extensions: { code: ErrorCode.INTERNAL } };
  };
}
