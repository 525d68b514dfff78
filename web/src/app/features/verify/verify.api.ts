import { inject, Injectable } from '@angular/core';
import { GraphqlTransport } from '../../core/graphql/graphql-transport';
import type { CertificateVerification } from '../training/training.models';

const VERIFY = `query VerifyCertificate($code: String!) {
  verifyCertificate(code: $code) { status holderName courseTitle issuerName signerName signerTitle creditHours issuedAt expiresAt revokedReason }
}`;

/** The public certificate check: no sign-in, so no token (the server limits how often one address may ask). */
@Injectable({ providedIn: 'root' })
export class VerifyApi {
  private readonly transport = inject(GraphqlTransport);

  async verify(code: string, signal?: AbortSignal): Promise<CertificateVerification> {
    return (await this.transport.execute<{ verifyCertificate: CertificateVerification }>(VERIFY, { code }, { signal })).verifyCertificate;
  }
}
