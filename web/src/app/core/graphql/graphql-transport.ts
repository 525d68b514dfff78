import { Injectable } from '@angular/core';
import { ApiError, type GraphqlErrorEntry, isAbort, NETWORK_ERROR, UNKNOWN_ERROR } from './api-error';

export const GRAPHQL_PATH = '/graphql';

export interface TransportOptions {
  token?: string | null;
  signal?: AbortSignal;
}

/** Same-origin GraphQL over fetch. Knows nothing about sessions: the caller passes the token. */
@Injectable({ providedIn: 'root' })
export class GraphqlTransport {
  async execute<T>(query: string, variables: object | undefined, { token, signal }: TransportOptions = {}): Promise<T> {
    let response: Response;
    try {
      response = await fetch(GRAPHQL_PATH, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
        signal,
      });
    } catch (error) {
      if (isAbort(error)) throw error;
      throw new ApiError(NETWORK_ERROR, 'The server cannot be reached');
    }

    let body: { data?: T | null; errors?: GraphqlErrorEntry[] };
    try {
      body = await response.json();
    } catch (error) {
      if (isAbort(error)) throw error;
      // A gateway error page instead of JSON: the API itself is not answering.
      const code = response.status >= 502 && response.status <= 504 ? NETWORK_ERROR : UNKNOWN_ERROR;
      throw new ApiError(code, `Unexpected response (HTTP ${response.status})`);
    }
    if (body.errors?.length) throw ApiError.fromEntry(body.errors[0]);
    if (body.data == null) throw new ApiError(UNKNOWN_ERROR, 'Empty response');
    return body.data;
  }
}
