import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, Entity, OneToMany, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { AnatomicalRegion } from '../imaging/anatomical-region.js';
import { FollowUpLesion } from './follow-up-lesion.entity.js';

export enum FollowUpSource {
  AI_PRE_READ = 'AI_PRE_READ',
  SIGNED_REPORT = 'SIGNED_REPORT',
}
registerEnumType(FollowUpSource, { name: 'FollowUpSource', description: 'What opened the case: a validated model’s category, or a specialist’s signed report' });

export enum FollowUpAction {
  BIOPSY_REFERRAL = 'BIOPSY_REFERRAL',
  FNA = 'FNA',
  REPEAT_ULTRASOUND = 'REPEAT_ULTRASOUND',
}
registerEnumType(FollowUpAction, { name: 'FollowUpAction', description: 'What is due: a biopsy referral, a fine-needle aspiration, or a repeat ultrasound in intervalMonths' });

export enum FollowUpStatus {
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
}
registerEnumType(FollowUpStatus, { name: 'FollowUpStatus' });

export enum FollowUpOutcome {
  DONE = 'DONE',
  DECLINED = 'DECLINED',
  MOVED_AWAY = 'MOVED_AWAY',
  LOST_TO_FOLLOW_UP = 'LOST_TO_FOLLOW_UP',
}
registerEnumType(FollowUpOutcome, { name: 'FollowUpOutcome', description: 'LOST_TO_FOLLOW_UP needs a reason' });

/**
 * A patient's follow-up of one suspicious study: what is due by when, at the institution that examined them.
 * One per study (the specialist's signed opinion replaces the AI's while the case is open). The database
 * refuses a closed case without an outcome and a loss to follow-up without a reason.
 */
@ObjectType()
@Entity('follow_up_case')
export class FollowUpCase {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  studyId: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  patientId: string;

  @Field(() => ID, { description: 'The institution responsible: the one that examined the patient' })
  @Column({ type: 'uuid' })
  institutionId: string;

  @Field(() => AnatomicalRegion)
  @Column({ type: 'varchar', length: 32 })
  region: AnatomicalRegion;

  @Field(() => FollowUpSource)
  @Column({ type: 'varchar', length: 16 })
  source: FollowUpSource;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  preReadId: string | null;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  reportId: string | null;

  @Field(() => String, { nullable: true, description: 'BI-RADS or TI-RADS' })
  @Column({ type: 'varchar', length: 16, nullable: true })
  categorySystem: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 8, nullable: true })
  categoryValue: string | null;

  @Field(() => FollowUpAction)
  @Column({ type: 'varchar', length: 24 })
  action: FollowUpAction;

  @Field(() => Int, { nullable: true })
  @Column({ type: 'smallint', nullable: true })
  intervalMonths: number | null;

  @Field()
  @Column({ type: 'timestamptz' })
  dueAt: Date;

  @Field(() => FollowUpStatus)
  @Column({ type: 'varchar', length: 8, default: FollowUpStatus.OPEN })
  status: FollowUpStatus;

  @Field(() => Date, { nullable: true, description: 'When the overdue case was escalated to the admins above the institution' })
  @Column({ type: 'timestamptz', nullable: true })
  escalatedAt: Date | null;

  @Field(() => FollowUpOutcome, { nullable: true })
  @Column({ type: 'varchar', length: 24, nullable: true })
  outcome: FollowUpOutcome | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 500, nullable: true })
  outcomeReason: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 2000, nullable: true })
  outcomeNote: string | null;

  @Field(() => String, { nullable: true, description: 'When the procedure was done (YYYY-MM-DD)' })
  @Column({ type: 'date', nullable: true })
  outcomeOn: string | null;

  @Column({ type: 'uuid', nullable: true })
  outcomeBy: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Field()
  @Column({ type: 'timestamptz', default: () => 'now()' })
  openedAt: Date;

  /** Filled by the service for the institution's clinicians (the only readers of cases); not a column. */
  @Field(() => String, { nullable: true })
  patientName?: string;

  @Field(() => [FollowUpLesion])
  @OneToMany(() => FollowUpLesion, (lesion) => lesion.followUpCase, { eager: true })
  lesions: Relation<FollowUpLesion[]>;
}
