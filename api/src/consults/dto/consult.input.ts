import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Sex } from '../../patients/patient.entity.js';
import { IsEnum, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { AnatomicalRegion } from '../../imaging/anatomical-region.js';
import { Consult } from '../consult.entity.js';
import { ConsultStatus, Urgency } from '../consult-status.js';

@InputType()
export class RequestConsultInput {
  @Field(() => ID)
  @IsUUID()
  studyId: string;

  @Field({ description: 'What the township doctor wants to know' })
  @IsString()
  @Length(3, 2000)
  clinicalQuestion: string;

  @Field(() => Urgency, { defaultValue: Urgency.ROUTINE })
  @IsEnum(Urgency)
  urgency: Urgency = Urgency.ROUTINE;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  preferredSpecialistId?: string;
}

@InputType()
export class WorklistFilter {
  @Field(() => AnatomicalRegion, { nullable: true })
  @IsOptional()
  @IsEnum(AnatomicalRegion)
  region?: AnatomicalRegion;

  @Field(() => Urgency, { nullable: true })
  @IsOptional()
  @IsEnum(Urgency)
  urgency?: Urgency;

  @Field(() => ConsultStatus, { nullable: true, description: 'OFFERED, CLAIMED or IN_REVIEW; all three when unset' })
  @IsOptional()
  @IsEnum(ConsultStatus)
  status?: ConsultStatus;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  requestingInstitutionId?: string;

  @Field({ nullable: true, description: 'Requested on or after (ISO 8601)' })
  @IsOptional()
  @IsISO8601()
  requestedFrom?: string;

  @Field({ nullable: true, description: 'Requested before (ISO 8601)' })
  @IsOptional()
  @IsISO8601()
  requestedTo?: string;

  @Field({ nullable: true, description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  after?: string;

  @Field(() => Int, { defaultValue: 25 })
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 25;
}

@ObjectType()
export class ConsultPage {
  @Field(() => [Consult])
  items: Consult[];

  @Field(() => String, { nullable: true })
  nextCursor: string | null;
}

@InputType()
export class MyConsultsFilter {
  @Field(() => ConsultStatus, { nullable: true })
  @IsOptional()
  @IsEnum(ConsultStatus)
  status?: ConsultStatus;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  studyId?: string;

  @Field(() => Int, { defaultValue: 50 })
  @IsInt()
  @Min(1)
  @Max(200)
  limit: number = 50;
}

@ObjectType({ description: 'What a reader needs of the patient and nothing that identifies them' })
export class PatientSummary {
  @Field(() => Sex)
  sex: Sex;

  @Field(() => Int, { nullable: true, description: 'Whole years on the day of the request; null when the birth date is unknown' })
  ageYears: number | null;
}
