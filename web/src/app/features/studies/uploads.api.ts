import { inject, Injectable } from '@angular/core';
import { AuthService } from '../../core/auth/auth.service';
import { SESSION_ENDING_CODES } from '../../core/auth/session';
import { ApiError, type GraphqlErrorEntry, isAbort, NETWORK_ERROR, UNKNOWN_ERROR } from '../../core/graphql/api-error';

export const UPLOADS_PATH = '/uploads';

export interface UploadCreated {
  id: string;
  offset: number;
}

export interface UploadProgress {
  offset: number;
  complete: boolean;
  /** The images the completed file became (several for a multi-frame DICOM). */
  imageIds?: string[];
}

/**
 * The resumable upload endpoint (REST, same origin): announce a file, send its bytes at the offset the
 * server holds, ask for that offset after a cut link. Same bearer token and refresh-once rule as GraphQL.
 */
@Injectable({ providedIn: 'root' })
export class UploadsApi {
  private readonly auth = inject(AuthService);

  async create(studyId: string, file: File, signal?: AbortSignal): Promise<UploadCreated> {
    const response = await this.send(
      UPLOADS_PATH,
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ studyId, fileName: file.name.slice(0, 255), length: file.size }) },
      signal,
    );
    return response.json();
  }

  async append(id: string, offset: number, chunk: Blob, signal?: AbortSignal): Promise<UploadProgress> {
    const headers = { 'content-type': 'application/offset+octet-stream', 'upload-offset': String(offset) };
    const response = await this.send(`${UPLOADS_PATH}/${id}`, { method: 'PATCH', headers, body: chunk }, signal);
    return response.json();
  }

  /** How many bytes of the file the server holds. */
  async offset(id: string, signal?: AbortSignal): Promise<number> {
    const response = await this.send(`${UPLOADS_PATH}/${id}`, { method: 'HEAD', cache: 'no-store' }, signal);
    const offset = Number(response.headers.get('upload-offset'));
    if (!Number.isSafeInteger(offset)) throw new ApiError(UNKNOWN_ERROR, 'No Upload-Offset in the answer');
    return offset;
  }

  private async send(path: string, init: RequestInit, signal?: AbortSignal): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.auth.accessToken();
      let response: Response;
      try {
        response = await fetch(path, { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` }, signal });
      } catch (error) {
        if (isAbort(error)) throw error;
        throw new ApiError(NETWORK_ERROR, 'The server cannot be reached');
      }
      if (response.ok) return response;
      const error = await errorOf(response);
      if (error.code === 'TOKEN_EXPIRED' && attempt === 0) {
        await this.auth.refresh();
        continue;
      }
      if (SESSION_ENDING_CODES.has(error.code)) this.auth.end('expired');
      throw error;
    }
  }
}

/** REST errors are `{ errors: [{ message, extensions: { code, reason?, offset? } }] }`; HEAD answers have no body. */
async function errorOf(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as { errors?: GraphqlErrorEntry[] } | null;
  const entry = body?.errors?.[0];
  if (entry) return ApiError.fromEntry(entry);
  const byStatus: Record<number, string> = { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 413: 'PAYLOAD_TOO_LARGE', 502: NETWORK_ERROR, 503: NETWORK_ERROR, 504: NETWORK_ERROR };
  return new ApiError(byStatus[response.status] ?? UNKNOWN_ERROR, `HTTP ${response.status}`);
}
