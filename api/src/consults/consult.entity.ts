import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { AnatomicalRegion } from '../imaging/anatomical-region.js';
import { ConsultStatus, Urgency } from './consult-status.js';

/**
 * A township doctor's request for a specialist's second opinion on a study. Its status only changes through
 * the state machine (consult-state-machine.ts), with a row in consult_event for every transition.
 */
@ObjectType()
@Entity('consult')
export class Consult {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  studyId: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  patientId: string;

  @Field(() => AnatomicalRegion)
  @Column({ type: 'varchar', length: 32 })
  region: AnatomicalRegion;

  @Field(() => ID, { description: 'Where the patient was examined' })
  @Column({ type: 'uuid' })
  requestingInstitutionId: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  requestedBy: string;

  @Field()
  @Column({ type: 'varchar', length: 2000 })
  clinicalQuestion: string;

  @Field(() => Urgency)
  @Column({ type: 'varchar', length: 16 })
  urgency: Urgency;

  @Column({ type: 'smallint' })
  urgencyRank: number;

  @Field(() => Float, { nullable: true, description: 'Highest AI malignancy probability of the study when requested' })
  @Column({ type: 'real', nullable: true })
  aiRisk: number | null;

  @Field(() => ID, { nullable: true, description: 'The hospital whose specialists see it on their worklist' })
  @Column({ type: 'uuid', nullable: true })
  targetInstitutionId: string | null;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  preferredSpecialistId: string | null;

  @Field(() => ConsultStatus)
  @Column({ type: 'varchar', length: 16 })
  status: ConsultStatus;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  claimedBy: string | null;

  @Field(() => Int, { description: 'How often it was escalated for lack of a claim' })
  @Column({ type: 'smallint', default: 0 })
  escalations: number;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  requestedAt: Date;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  offeredAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  claimedAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  signedAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Field(() => Int, { nullable: true, description: 'Seconds from request to claim (set at the first signature)' })
  @Column({ type: 'int', nullable: true })
  requestToClaimSeconds: number | null;

  @Field(() => Int, { nullable: true, description: 'Seconds from claim to signature' })
  @Column({ type: 'int', nullable: true })
  claimToSignSeconds: number | null;

  /** Optimistic lock: two specialists claiming at once, exactly one wins. */
  @VersionColumn()
  version: number;
}
