import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { ConsultStatus } from './consult-status.js';

/** One transition of a consult: where the case stands, and since when, for everyone to see. */
@ObjectType()
@Entity('consult_event')
export class ConsultEvent {
  @Field(() => ID)
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  @Column({ type: 'uuid' })
  consultId: string;

  @Field()
  @Column({ type: 'varchar', length: 16 })
  event: string;

  @Field(() => ConsultStatus, { nullable: true })
  @Column({ type: 'varchar', length: 16, nullable: true })
  fromStatus: ConsultStatus | null;

  @Field(() => ConsultStatus)
  @Column({ type: 'varchar', length: 16 })
  toStatus: ConsultStatus;

  @Field(() => String, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  actorUserId: string | null;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;
}
