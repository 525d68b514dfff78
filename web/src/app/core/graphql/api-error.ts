/** One error entry of a GraphQL response. */
export interface GraphqlErrorEntry {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: Record<string, unknown>;
}

/** The server could not be reached (offline, server down, proxy error). Not a server error code. */
export const NETWORK_ERROR = 'NETWORK_ERROR';
export const UNKNOWN_ERROR = 'INTERNAL_SERVER_ERROR';

/**
 * A failed request with the stable `extensions.code` from the API (see api/src/common/error-codes.ts),
 * or NETWORK_ERROR. Screens key their messages on `code`; `message` is the server's English text.
 */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly extensions: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  static from(error: unknown): ApiError {
    if (error instanceof ApiError) return error;
    return new ApiError(UNKNOWN_ERROR, error instanceof Error ? error.message : String(error));
  }

  static fromEntry(entry: GraphqlErrorEntry): ApiError {
    const extensions = entry.extensions ?? {};
    const code = typeof extensions['code'] === 'string' ? extensions['code'] : UNKNOWN_ERROR;
    return new ApiError(code, entry.message, extensions);
  }

  /** The input field the server blames, when it says (`extensions.field`). */
  get field(): string | undefined {
    const field = this.extensions['field'];
    return typeof field === 'string' ? field : undefined;
  }

  /** What a rejected password lacks (`extensions.reasons` of WEAK_PASSWORD). */
  get reasons(): string[] {
    return stringList(this.extensions['reasons']);
  }

  /** Validation messages of BAD_USER_INPUT (`extensions.problems`). */
  get problems(): string[] {
    return stringList(this.extensions['problems']);
  }

  get retryAfterSeconds(): number | undefined {
    const value = this.extensions['retryAfterSeconds'];
    return typeof value === 'number' ? value : undefined;
  }
}

const stringList = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

export const isAbort = (error: unknown): boolean => error instanceof DOMException && error.name === 'AbortError';
