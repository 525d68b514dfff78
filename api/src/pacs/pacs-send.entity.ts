import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum PacsSendKind {
  /** The AI pre-read of one image: a Secondary Capture with the boxes burned in, and a TID 1500 SR. */
  PRE_READ = 'PRE_READ',
  /** A signed consult report, as an Encapsulated PDF (the signed bytes). */
  REPORT = 'REPORT',
}
registerEnumType(PacsSendKind, { name: 'PacsSendKind' });

export enum PacsSendStatus {
  QUEUED = 'QUEUED',
  SENT = 'SENT',
}
registerEnumType(PacsSendStatus, { name: 'PacsSendStatus' });

/** One result on its way to one PACS: retried with back-off until the PACS takes it. */
@ObjectType()
@Entity('pacs_send')
export class PacsSend {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  destinationId: string;

  @Column({ type: 'uuid' })
  institutionId: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  studyId: string;

  @Field(() => PacsSendKind)
  @Column({ type: 'varchar', length: 16 })
  kind: PacsSendKind;

  @Field(() => ID, { description: 'The pre-read or the signed report sent' })
  @Column({ type: 'uuid' })
  sourceId: string;

  @Field(() => PacsSendStatus)
  @Column({ type: 'varchar', length: 8, default: PacsSendStatus.QUEUED })
  status: PacsSendStatus;

  @Field(() => Int)
  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Field()
  @Column({ type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt: Date;

  @Field(() => String, { nullable: true, description: 'Why the last attempt failed (the PACS is down, refused the object, …)' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @Field(() => [String], { description: 'SOP Instance UIDs of the objects the PACS holds' })
  @Column({ type: 'jsonb', default: () => `'[]'` })
  sopInstanceUids: string[];

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}
