import { Field, InputType } from '@nestjs/graphql';
import { IsString, Length } from 'class-validator';

@InputType()
export class MfaChallengeInput {
  @Field({ description: 'The challenge from the MFA_REQUIRED or MFA_ENROLMENT_REQUIRED error of signIn' })
  @IsString()
  @Length(10, 2000)
  challenge: string;
}

@InputType()
export class MfaCodeInput extends MfaChallengeInput {
  @Field({ description: 'The 6-digit code from the authenticator app, or a recovery code' })
  @IsString()
  @Length(6, 20)
  code: string;
}
