import { inject, Injectable } from '@angular/core';
import { ApiError, NETWORK_ERROR } from '../../../core/graphql/api-error';
import { RestClient, restError } from '../../studies/rest-client';
import type { EnrolmentReport } from '../training.models';

export const enrolmentPath = (courseId: string): string => `/training/courses/${encodeURIComponent(courseId)}/enrolments`;

/**
 * Sends an enrolment CSV as it is (the server detects UTF-8, with or without BOM, or GBK) and answers the
 * server's report. XMLHttpRequest, not fetch: only it reports upload progress; RestClient's token rules.
 */
@Injectable({ providedIn: 'root' })
export class EnrolmentUpload {
  private readonly rest = inject(RestClient);

  send(courseId: string, file: File, progress: (fraction: number) => void): Promise<EnrolmentReport> {
    return this.rest.withToken((token) => this.post(enrolmentPath(courseId), file, token, progress));
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
        const body = request.response as EnrolmentReport | { errors?: unknown } | null;
        if (request.status >= 200 && request.status < 300 && body && 'rows' in body) {
          progress(1);
          resolve(body);
          return;
        }
        reject(restError(request.status, body));
      };
      request.send(file);
    });
  }
}
