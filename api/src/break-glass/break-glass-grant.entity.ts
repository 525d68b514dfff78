import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { User } from '../identity/user.entity.js';

/** A clinician's emergency access to one patient outside their scope, with the reason they gave, until it expires. */
@ObjectType()
@Entity('break_glass_grant')
export class BreakGlassGrant {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  userId: string;

  @Field(() => User, { description: 'The clinician who broke the glass' })
  @ManyToOne(() => User)
  @JoinColumn({ name: 'user_id' })
  user: Relation<User>;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  patientId: string;

  @Field(() => ID, { description: 'The patient’s institution, whose admins review the grant' })
  @Column({ type: 'uuid' })
  institutionId: string;

  @Field()
  @Column({ type: 'varchar', length: 500 })
  reason: string;

  @Field()
  @Column({ type: 'timestamptz', default: () => 'now()' })
  grantedAt: Date;

  @Field()
  @Column({ type: 'timestamptz' })
  expiresAt: Date;
}
