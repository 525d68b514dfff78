import { inject, Injectable } from '@angular/core';
import { Api } from '../../../core/graphql/api';
import { RestClient } from '../../studies/rest-client';
import { CERTIFICATE_FIELDS } from '../training.api';
import type { Certificate, CertificateSeal } from '../training.models';

const MINE = `query MyCertificates { myCertificates { ${CERTIFICATE_FIELDS} } }`;
const OF_COURSE = `query CourseCertificates($courseId: ID!) { courseCertificates(courseId: $courseId) { ${CERTIFICATE_FIELDS} } }`;
const RENEW = `mutation RenewCertificate($id: ID!) { renewCertificate(id: $id) { ${CERTIFICATE_FIELDS} } }`;
const SEAL = 'query CertificateSeal($institutionId: ID!) { certificateSeal(institutionId: $institutionId) { institutionId width height setAt imageUrl } }';
const sealPath = (institutionId: string) => `/certificates/seals/${encodeURIComponent(institutionId)}`;
const REVOKE = `mutation RevokeCertificate($id: ID!, $reason: String!) { revokeCertificate(id: $id, reason: $reason) { ${CERTIFICATE_FIELDS} } }`;

/** Certificates: the signed-in person's, a course's (trainers, admins), renewal and revocation; issuers' seals (admins). */
@Injectable({ providedIn: 'root' })
export class CertificatesApi {
  private readonly api = inject(Api);
  private readonly rest = inject(RestClient);

  async seal(institutionId: string, signal?: AbortSignal): Promise<CertificateSeal | null> {
    return (await this.api.request<{ certificateSeal: CertificateSeal | null }>(SEAL, { institutionId }, signal)).certificateSeal;
  }

  /** The image as it is (PNG or JPEG); the server keeps it re-encoded and answers what it kept. */
  async setSeal(institutionId: string, image: File): Promise<CertificateSeal> {
    const response = await this.rest.send(sealPath(institutionId), { method: 'PUT', headers: { 'content-type': image.type || 'application/octet-stream' }, body: image });
    return (await response.json()) as CertificateSeal;
  }

  async removeSeal(institutionId: string): Promise<void> {
    await this.rest.send(sealPath(institutionId), { method: 'DELETE' });
  }

  async mine(signal?: AbortSignal): Promise<Certificate[]> {
    return (await this.api.request<{ myCertificates: Certificate[] }>(MINE, undefined, signal)).myCertificates;
  }

  async ofCourse(courseId: string, signal?: AbortSignal): Promise<Certificate[]> {
    return (await this.api.request<{ courseCertificates: Certificate[] }>(OF_COURSE, { courseId }, signal)).courseCertificates;
  }

  /** A new certificate with a new code; the server asks for the exam passed again since the old one. */
  async renew(id: string): Promise<Certificate> {
    return (await this.api.request<{ renewCertificate: Certificate }>(RENEW, { id })).renewCertificate;
  }

  async revoke(id: string, reason: string): Promise<Certificate> {
    return (await this.api.request<{ revokeCertificate: Certificate }>(REVOKE, { id, reason })).revokeCertificate;
  }
}
