import { ParseUUIDPipe } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentActor, Public } from '../../common/auth.decorators.js';
import { currentRequestContext } from '#contracts/logging/request-context.js';
import type { Actor } from '../../policy/actor.js';
import { Certificate } from './certificate.entity.js';
import { CertificatesService } from './certificates.service.js';
import { CertificateVerification } from '../dto/training.types.js';

const uuid = { type: () => ID };

@Resolver(() => Certificate)
export class CertificatesResolver {
  constructor(private readonly certificates: CertificatesService) {}

  @Query(() => [Certificate])
  myCertificates(@CurrentActor() actor: Actor): Promise<Certificate[]> {
    return this.certificates.mine(actor);
  }

  @Query(() => [Certificate], { description: 'Certificates of a course (its trainers, admins above it)' })
  courseCertificates(@CurrentActor() actor: Actor, @Args('courseId', uuid, ParseUUIDPipe) courseId: string): Promise<Certificate[]> {
    return this.certificates.ofCourse(actor, courseId);
  }

  @Public()
  @Query(() => CertificateVerification, { description: 'Public (no sign-in), rate-limited per address; unknown code: CERTIFICATE_NOT_FOUND' })
  verifyCertificate(@Args('code') code: string): Promise<CertificateVerification> {
    return this.certificates.verify(code.slice(0, 100), currentRequestContext()?.ip ?? 'unknown');
  }

  @Mutation(() => Certificate, { description: 'Admins; the reason is shown on the public verification' })
  revokeCertificate(@CurrentActor() actor: Actor, @Args('id', uuid, ParseUUIDPipe) id: string, @Args('reason') reason: string): Promise<Certificate> {
    return this.certificates.revoke(actor, id, reason);
  }

  @Mutation(() => Certificate, { description: 'A new certificate with a new code, once the exam has been passed again' })
  renewCertificate(@CurrentActor() actor: Actor, @Args('id', uuid, ParseUUIDPipe) id: string): Promise<Certificate> {
    return this.certificates.renew(actor, id);
  }
}
