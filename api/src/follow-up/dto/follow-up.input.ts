import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsEnum, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';
import { AnatomicalRegion } from '../../imaging/anatomical-region.js';
import { FollowUpAction, FollowUpCase, FollowUpOutcome } from '../follow-up-case.entity.js';
import { PathologyResult } from '../follow-up-lesion.entity.js';

export enum FollowUpWhen {
  /** Open, due date still ahead. */
  DUE = 'DUE',
  /** Open, past the due date. */
  OVERDUE = 'OVERDUE',
  CLOSED = 'CLOSED',
}
registerEnumType(FollowUpWhen, { name: 'FollowUpWhen' });

/** An offset page of at most 100 rows (a deep offset is bounded: these lists are worked from the top). */
@InputType({ isAbstract: true })
abstract class OffsetPage {
  @Field(() => Int, { defaultValue: 25 })
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 25;

  @Field(() => Int, { defaultValue: 0 })
  @IsInt()
  @Min(0)
  @Max(10_000)
  offset: number = 0;
}

@InputType()
export class FollowUpFilter extends OffsetPage {
  @Field(() => FollowUpWhen, { defaultValue: FollowUpWhen.OVERDUE })
  @IsEnum(FollowUpWhen)
  when: FollowUpWhen = FollowUpWhen.OVERDUE;

  @Field(() => ID, { nullable: true, description: 'One of my institutions; all of them when unset' })
  @IsOptional()
  @IsUUID()
  institutionId?: string;
}

@ObjectType()
export class FollowUpPage {
  @Field(() => [FollowUpCase])
  items: FollowUpCase[];

  @Field(() => Int)
  total: number;
}

@ObjectType()
export class FollowUpCounts {
  @Field(() => Int)
  due: number;

  @Field(() => Int)
  overdue: number;
}

@InputType()
export class PathologyInput {
  @Field(() => ID, { description: 'A lesion of the case (FollowUpLesion.id)' })
  @IsUUID()
  lesionId: string;

  @Field(() => PathologyResult)
  @IsEnum(PathologyResult)
  result: PathologyResult;
}

@InputType()
export class RecordOutcomeInput {
  @Field(() => ID)
  @IsUUID()
  caseId: string;

  @Field(() => FollowUpOutcome)
  @IsEnum(FollowUpOutcome)
  outcome: FollowUpOutcome;

  @Field({ nullable: true, description: 'Required for LOST_TO_FOLLOW_UP' })
  @IsOptional()
  @IsString()
  @Length(0, 500)
  reason?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(0, 2000)
  note?: string;

  @Field({ nullable: true, description: 'When it was done (YYYY-MM-DD)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Length(10, 10)
  performedOn?: string;

  @Field(() => [PathologyInput], { defaultValue: [], description: 'DONE only. On a case already DONE, adds results that arrived later' })
  @ValidateNested({ each: true })
  @Type(() => PathologyInput)
  @ArrayMaxSize(50)
  pathology: PathologyInput[] = [];
}

@InputType()
export class EscalationFilter extends OffsetPage {
  @Field(() => ID, { nullable: true, description: 'An institution of my tree; one outside it answers an empty list' })
  @IsOptional()
  @IsUUID()
  institutionId?: string;
}

/** An escalated case as the admins above the institution see it: where, what and how late, no patient identity. */
@ObjectType()
export class EscalatedFollowUp {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  institutionId: string;

  @Field()
  institutionName: string;

  @Field(() => AnatomicalRegion)
  region: AnatomicalRegion;

  @Field(() => FollowUpAction)
  action: FollowUpAction;

  @Field()
  dueAt: Date;

  @Field()
  escalatedAt: Date;

  @Field(() => Int)
  daysOverdue: number;
}

@ObjectType()
export class EscalationPage {
  @Field(() => [EscalatedFollowUp])
  items: EscalatedFollowUp[];

  @Field(() => Int)
  total: number;
}

/** One pathology result with what the AI said about the lesion: the ground truth for model monitoring. */
@ObjectType()
export class LesionOutcome {
  @Field(() => ID)
  followUpLesionId: string;

  @Field(() => ID, { nullable: true })
  lesionId: string | null;

  @Field(() => ID)
  modelVersionId: string;

  @Field(() => ID, { description: 'The site: the institution that examined the patient' })
  institutionId: string;

  @Field({ description: 'Added by the specialist where the AI found nothing (an AI negative)' })
  added: boolean;

  @Field(() => String, { nullable: true, description: 'The model’s call on the lesion’s image: MALIGNANT or BENIGN (none for an added lesion)' })
  aiCall: string | null;

  @Field(() => Float, { nullable: true, description: 'The model’s malignancy probability for it (0 for an added lesion: the AI saw nothing); for AUC' })
  aiScore: number | null;

  @Field(() => ID, { nullable: true, description: 'The registered scanner that sent the study; none for uploads' })
  deviceId: string | null;

  @Field(() => PathologyResult)
  pathology: PathologyResult;

  @Field()
  pathologyAt: Date;
}
