import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GraphQLJSON } from '../common/json.scalar.js';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum AuditOutcome {
  SUCCESS = 'SUCCESS',
  DENIED = 'DENIED',
  FAILURE = 'FAILURE',
}
registerEnumType(AuditOutcome, { name: 'AuditOutcome' });

/**
 * Who did what to which record, when, from where, and how it ended. Rows are append-only: the API's database
 * role may only insert and read them, and a trigger refuses UPDATE, DELETE and TRUNCATE to the owner too. The
 * database sets `occurredAt` and chains each row (chain_day, chain_lane, chain_seq, row_hash: see audit/chain).
 */
@ObjectType()
@Entity('audit_event')
export class AuditEvent {
  @Field(() => ID)
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  @Field()
  @Column({ type: 'timestamptz', default: () => 'now()' })
  occurredAt: Date;

  @Field(() => String, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  actorUserId: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  actorUsername: string | null;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  action: string;

  @Field()
  @Column({ type: 'varchar', length: 50 })
  resourceType: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 100, nullable: true })
  resourceId: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  institutionId: string | null;

  @Field(() => AuditOutcome)
  @Column({ type: 'varchar', length: 10 })
  outcome: AuditOutcome;

  @Field(() => String, { nullable: true, description: 'Error code for denials and failures' })
  @Column({ type: 'varchar', length: 50, nullable: true })
  code: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 300, nullable: true })
  userAgent: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  requestId: string | null;

  @Field(() => GraphQLJSON, { nullable: true })
  @Column({ type: 'jsonb', nullable: true })
  details: Record<string, unknown> | null;
}
