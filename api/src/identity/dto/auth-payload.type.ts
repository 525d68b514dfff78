import { Field, ObjectType } from '@nestjs/graphql';
import { User } from '../user.entity.js';

@ObjectType()
export class AuthPayload {
  @Field({ description: 'Bearer token for the Authorization header; short-lived' })
  accessToken: string;

  @Field()
  accessTokenExpiresAt: Date;

  @Field({ description: 'Single-use: exchange it with refreshSession for a new pair' })
  refreshToken: string;

  @Field(() => User)
  user: User;
}
