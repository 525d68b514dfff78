import { inject, Injectable } from '@angular/core';
import { Api } from '../../../core/graphql/api';
import { CERTIFICATE_FIELDS } from '../training.api';
import type { Certificate } from '../training.models';

const MINE = `query MyCertificates { myCertificates { ${CERTIFICATE_FIELDS} } }`;

/** The signed-in person's certificates. */
@Injectable({ providedIn: 'root' })
export class CertificatesApi {
  private readonly api = inject(Api);

  async mine(signal?: AbortSignal): Promise<Certificate[]> {
    return (await this.api.request<{ myCertificates: Certificate[] }>(MINE, undefined, signal)).myCertificates;
  }
}
