import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Not, IsNull } from 'typeorm';
import { User } from '../user.entity.js';
import { UserMfa } from './user-mfa.entity.js';

/** Whether a person has a confirmed authenticator, for their admins (and themselves). */
@Resolver(() => User)
export class UserMfaResolver {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @ResolveField(() => Boolean, { description: 'An authenticator app is set up and confirmed (second sign-in factor)' })
  mfaEnabled(@Parent() user: User): Promise<boolean> {
    return this.dataSource.getRepository(UserMfa).existsBy({ userId: user.id, confirmedAt: Not(IsNull()) });
  }
}
