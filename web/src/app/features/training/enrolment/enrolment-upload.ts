import { inject, Injectable } from '@angular/core';
import { AuthService } from '../../../core/auth/auth.service';
import { SESSION_ENDING_CODES } from '../../../core/auth/session';
import { ApiError, type GraphqlErrorEntry, NETWORK_ERROR, UNKNOWN_ERROR } from '../../../core/graphql/api-error';
import type { EnrolmentReport } from '../training.models';

export const enrolmentPath = (courseId: string): string => `/training/courses/${encodeURIComponent(courseId)}/enrolments`;

/**
 * Sends an enrolment CSV as it is (the server detects UTF-8, with or without BOM, or GBK) and answers the
 * server's report. XMLHttpRequest, not fetch: only it reports upload progress. Same token rules as RestClient.
 */
@Injectable({ providedIn: 'root' })
export class EnrolmentUpload {
  private readonly auth = inject(AuthService);

  async send(courseId: string, file: File, progress: (fraction: number) => void): Promise<EnrolmentReport> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.post(enrolmentPath(courseId), file, await this.auth.accessToken(), progress);
      } catch (caught) {
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

  private post(path: string, file: File, token: string, progress: (fraction: number) => void): Promise<EnrolmentReport> {
    return new Promise((resolve, reject) => {
      const request = new XMLHttpRequest();
      request.open('POST', path);
      request.setRequestHeader('authorization', `Bearer ${token}`);
      request.setRequestHeader('content-type', 'text/csv');
      request.responseType = 'json';
      request.upload.onprogress = (event) => event.lengthComputable && progress(event.loaded / event.total);
      request.onerror = () => reject(new ApiError(NETWORK_ERROR, 'The server cannot be reached'));
      request.onload = () => {
        const body = request.response as (EnrolmentReport & { errors?: unknown }) | { errors?: GraphqlErrorEntry[] } | null;
        if (request.status >= 200 && request.status < 300 && body && 'rows' in body) {
          progress(1);
          resolve(body as EnrolmentReport);
          return;
        }
        const entry = (body as { errors?: GraphqlErrorEntry[] } | null)?.errors?.[0];
        reject(entry ? ApiError.fromEntry(entry) : new ApiError(request.status >= 502 ? NETWORK_ERROR : UNKNOWN_ERROR, `HTTP ${request.status}`));
      };
      request.send(file);
    });
  }
}
