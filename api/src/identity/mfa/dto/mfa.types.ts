import { Field, ObjectType } from '@nestjs/graphql';
import { AuthPayload } from '../../dto/auth-payload.type.js';

@ObjectType()
export class MfaEnrolment {
  @Field({ description: 'Base32 secret, for typing into an authenticator app by hand' })
  secret: string;

  @Field({ description: 'otpauth:// address to show as a QR code' })
  otpauthUri: string;
}

@ObjectType()
export class MfaEnrolled {
  @Field(() => [String], { description: 'Single-use recovery codes, shown this once' })
  recoveryCodes: string[];

  @Field(() => AuthPayload)
  session: AuthPayload;
}
