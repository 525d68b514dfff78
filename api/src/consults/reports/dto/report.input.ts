import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsEnum, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Agreement, Recommendation } from '../consult-report.entity.js';

@InputType()
export class LesionAssessmentInput {
  @Field(() => ID)
  @IsUUID()
  lesionId: string;

  @Field(() => Agreement)
  @IsEnum(Agreement)
  agreement: Agreement;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string | null;
}

@InputType()
export class SaveReportInput {
  @Field(() => ID)
  @IsUUID()
  consultId: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  findings?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  impression?: string;

  @Field(() => Recommendation, { nullable: true })
  @IsOptional()
  @IsEnum(Recommendation)
  recommendation?: Recommendation;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(60)
  followUpMonths?: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsIn(['BI-RADS', 'TI-RADS'])
  categorySystem?: string;

  @Field(() => String, { nullable: true, description: 'BI-RADS 2, 3, 4A, 4B, 4C, 5; TI-RADS TR1 to TR5' })
  @IsOptional()
  @Matches(/^(2|3|4A|4B|4C|5|TR[1-5])$/)
  categoryValue?: string;

  @Field(() => [LesionAssessmentInput], { nullable: true })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => LesionAssessmentInput)
  lesionAssessments?: LesionAssessmentInput[];
}

@InputType()
export class PostMessageInput {
  @Field(() => ID)
  @IsUUID()
  consultId: string;

  @Field()
  @IsString()
  @Length(1, 4000)
  body: string;
}

@ObjectType()
export class ReportVerification {
  @Field(() => ID)
  reportId: string;

  @Field({ description: 'The stored report still hashes to the signed content hash' })
  contentHashMatches: boolean;

  @Field({ description: 'The stored PDF is the one produced at signing' })
  pdfIntact: boolean;

  @Field()
  valid: boolean;

  @Field(() => String, { nullable: true })
  contentHash: string | null;
}
