import { ParseUUIDPipe } from '@nestjs/common';
import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { CurrentActor } from '../../../common/auth.decorators.js';
import type { Actor } from '../../../policy/actor.js';
import { CertificateSeal } from './certificate-seal.entity.js';
import { CertificateSealsService } from './certificate-seals.service.js';

@Resolver(() => CertificateSeal)
export class CertificateSealsResolver {
  constructor(private readonly seals: CertificateSealsService) {}

  @Query(() => CertificateSeal, { nullable: true, description: 'The institution’s seal for its certificates (its admins); set with PUT /certificates/seals/:institutionId' })
  certificateSeal(@CurrentActor() actor: Actor, @Args('institutionId', { type: () => ID }, ParseUUIDPipe) institutionId: string): Promise<CertificateSeal | null> {
    return this.seals.seal(actor, institutionId);
  }
}
