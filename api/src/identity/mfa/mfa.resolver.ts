import { ParseUUIDPipe } from '@nestjs/common';
import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { CurrentActor, Public } from '../../common/auth.decorators.js';
import type { Actor } from '../../policy/actor.js';
import { AuthPayload } from '../dto/auth-payload.type.js';
import { MfaChallengeInput, MfaCodeInput } from './dto/mfa.input.js';
import { MfaEnrolled, MfaEnrolment } from './dto/mfa.types.js';
import { MfaSignInService } from './mfa-sign-in.service.js';
import { MfaService } from './mfa.service.js';

@Resolver()
export class MfaResolver {
  constructor(
    private readonly signIn: MfaSignInService,
    private readonly mfa: MfaService,
  ) {}

  @Public()
  @Mutation(() => AuthPayload, { description: 'Second sign-in step: the code for an MFA_REQUIRED challenge' })
  verifyMfa(@Args('input') input: MfaCodeInput): Promise<AuthPayload> {
    return this.signIn.verify(input.challenge, input.code);
  }

  @Public()
  @Mutation(() => MfaEnrolment, { description: 'Starts setting up an authenticator for an MFA_ENROLMENT_REQUIRED challenge' })
  beginMfaEnrolment(@Args('input') input: MfaChallengeInput): Promise<MfaEnrolment> {
    return this.signIn.beginEnrolment(input.challenge);
  }

  @Public()
  @Mutation(() => MfaEnrolled, { description: 'Confirms the new authenticator with its first code and signs in' })
  confirmMfaEnrolment(@Args('input') input: MfaCodeInput): Promise<MfaEnrolled> {
    return this.signIn.confirmEnrolment(input.challenge, input.code);
  }

  @Mutation(() => Boolean, { description: 'Removes a user’s authenticator and recovery codes (lost phone); they set up a new one at the next sign-in' })
  async resetUserMfa(@CurrentActor() actor: Actor, @Args('userId', { type: () => ID }, ParseUUIDPipe) userId: string): Promise<boolean> {
    await this.mfa.reset(actor, userId);
    return true;
  }
}
