import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, Unique } from 'typeorm';
import { Institution } from './institution.entity.js';
import { Role } from './role.js';
import { User } from './user.entity.js';

/** One role held by one user at one institution; a user may hold several. */
@ObjectType()
@Entity('role_assignment')
@Unique(['userId', 'institutionId', 'role'])
export class RoleAssignment {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, (user) => user.roles, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user: Relation<User>;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  institutionId: string;

  @Field(() => Institution)
  @ManyToOne(() => Institution, { eager: true })
  @JoinColumn({ name: 'institution_id' })
  institution: Relation<Institution>;

  @Field(() => Role)
  @Column({ type: 'varchar', length: 32 })
  role: Role;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
