import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { FollowUpCase } from './follow-up-case.entity.js';

export enum PathologyResult {
  BENIGN = 'BENIGN',
  MALIGNANT = 'MALIGNANT',
  OTHER = 'OTHER',
}
registerEnumType(PathologyResult, { name: 'PathologyResult' });

/**
 * A lesion a case is about, and its pathology once known: the ground truth model monitoring counts, per lesion
 * and per model version. `lesionId` is the AI lesion or the specialist's added one; null means the study as a
 * whole (a finding without a box). A result, once recorded, can only be recorded again identically.
 */
@ObjectType()
@Entity('follow_up_lesion')
export class FollowUpLesion {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => FollowUpCase, (c) => c.lesions, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  followUpCase: Relation<FollowUpCase>;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  lesionId: string | null;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  imageId: string | null;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  modelVersionId: string | null;

  @Field({ description: 'A lesion the specialist added where the AI found none' })
  @Column({ type: 'boolean', default: false })
  added: boolean;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 8, nullable: true })
  category: string | null;

  @Field(() => PathologyResult, { nullable: true })
  @Column({ type: 'varchar', length: 12, nullable: true })
  pathology: PathologyResult | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  pathologyAt: Date | null;
}
