import { inject, Injectable } from '@angular/core';
import { ApiError, UNKNOWN_ERROR } from '../../core/graphql/api-error';
import { RestClient } from './rest-client';

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
 * server holds, ask for that offset after a cut link.
 */
@Injectable({ providedIn: 'root' })
export class UploadsApi {
  private readonly rest = inject(RestClient);

  async create(studyId: string, file: File, signal?: AbortSignal): Promise<UploadCreated> {
    const response = await this.rest.send(
      UPLOADS_PATH,
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ studyId, fileName: file.name.slice(0, 255), length: file.size }) },
      signal,
    );
    return response.json();
  }

  async append(id: string, offset: number, chunk: Blob, signal?: AbortSignal): Promise<UploadProgress> {
    const headers = { 'content-type': 'application/offset+octet-stream', 'upload-offset': String(offset) };
    const response = await this.rest.send(`${UPLOADS_PATH}/${id}`, { method: 'PATCH', headers, body: chunk }, signal);
    return response.json();
  }

  /** How many bytes of the file the server holds. */
  async offset(id: string, signal?: AbortSignal): Promise<number> {
    const response = await this.rest.send(`${UPLOADS_PATH}/${id}`, { method: 'HEAD', cache: 'no-store' }, signal);
    const offset = Number(response.headers.get('upload-offset'));
    if (!Number.isSafeInteger(offset)) throw new ApiError(UNKNOWN_ERROR, 'No Upload-Offset in the answer');
    return offset;
  }
}
