import { inject, Injectable } from '@angular/core';
import { AuthService } from '../../core/auth/auth.service';
import { SESSION_ENDING_CODES } from '../../core/auth/session';
import { ApiError, type GraphqlErrorEntry, isAbort, NETWORK_ERROR, UNKNOWN_ERROR } from '../../core/graphql/api-error';
import { type DownloadedFile, fileNameOf } from '../../shared/save-file';

/** The API's REST routes (/uploads, /images): same bearer token and refresh-once rule as GraphQL. */
@Injectable({ providedIn: 'root' })
export class RestClient {
  private readonly auth = inject(AuthService);

  async send(path: string, init: RequestInit, signal?: AbortSignal): Promise<Response> {
    return this.withToken(async (token) => {
      let response: Response;
      try {
        response = await fetch(path, { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` }, signal });
      } catch (error) {
        if (isAbort(error)) throw error;
        throw new ApiError(NETWORK_ERROR, 'The server cannot be reached');
      }
      if (response.ok) return response;
      throw restError(response.status, await response.json().catch(() => null));
    });
  }

  /** A file served behind the token, for the browser to save: named as its Content-Disposition says, else `fallbackName`. */
  async download(path: string, fallbackName: string): Promise<DownloadedFile> {
    const response = await this.send(path, { method: 'GET' });
    return { blob: await response.blob(), fileName: fileNameOf(response.headers.get('content-disposition')) ?? fallbackName };
  }

  /**
   * Runs a request with the current access token: once more with a fresh one if it had expired, and ends
   * the session when the server says it is over. For senders fetch cannot serve (upload progress).
   */
  async withToken<T>(send: (token: string) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await send(await this.auth.accessToken());
      } catch (caught) {
        if (isAbort(caught)) throw caught;
        const error = ApiError.from(caught);
        if (error.code === 'TOKEN_EXPIRED' && attempt === 0) {
          await this.auth.refresh();
          continue;
        }
        if (SESSION_ENDING_CODES.has(error.code)) this.auth.end('expired');
        throw error;
      }
    }
  }
}

/** REST errors are `{ errors: [{ message, extensions: { code, reason?, offset? } }] }`; HEAD answers have no body. */
export function restError(status: number, body: unknown): ApiError {
  const entry = (body as { errors?: GraphqlErrorEntry[] } | null)?.errors?.[0];
  if (entry) return ApiError.fromEntry(entry);
  const byStatus: Record<number, string> = { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 413: 'PAYLOAD_TOO_LARGE', 502: NETWORK_ERROR, 503: NETWORK_ERROR, 504: NETWORK_ERROR };
  return new ApiError(byStatus[status] ?? UNKNOWN_ERROR, `HTTP ${status}`);
}
