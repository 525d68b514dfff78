import { Field, ID, ObjectType } from '@nestjs/graphql';
import {
  Column,
  CreateDateColumn,
  Entity,
  OneToMany,
  PrimaryGeneratedColumn,
  type Relation,
  UpdateDateColumn,
} from 'typeorm';
import { RoleAssignment } from './role-assignment.entity.js';

/** A person. Never deleted: deactivation keeps their history and audit trail intact. */
@ObjectType()
@Entity('app_user')
export class User {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'Sign-in name, stored in lower case' })
  @Column({ type: 'varchar', length: 64, unique: true })
  username: string;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  displayName: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 200, nullable: true })
  email: string | null;

  /** Encrypted (user-phone.ts); the GraphQL field `phone` decrypts it. */
  @Column({ name: 'phone', type: 'text', nullable: true })
  phoneSealed: string | null;

  @Field({ description: 'Preferred interface language: zh, ug or en' })
  @Column({ type: 'varchar', length: 8, default: 'zh' })
  locale: string;

  @Column({ type: 'varchar', length: 200 })
  passwordHash: string;

  @Field()
  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Field()
  @Column({ type: 'int', default: 0 })
  failedSignIns: number;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @Field()
  @Column({ type: 'boolean', default: false })
  mustChangePassword: boolean;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  lastSignInAt: Date | null;

  @Field(() => [RoleAssignment])
  @OneToMany(() => RoleAssignment, (assignment) => assignment.user)
  roles: Relation<RoleAssignment[]>;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field()
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  /** Locked while the lock-out window after repeated failed sign-ins has not passed. */
  isLocked(now = new Date()): boolean {
    return this.lockedUntil !== null && this.lockedUntil.getTime() > now.getTime();
  }
}
