import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsEnum, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Agreement, Recommendation } from '../consult-report.entity.js';

@InputType()
export class LesionAssessmentInput {
  @Field(() => ID)
  @IsUUID()
  lesionId: string;

  @Field(() => Agreement, { description: 'AGREE, PARTLY or DISAGREE (MISSED is for added lesions)' })
  @IsIn([Agreement.AGREE, Agreement.PARTLY, Agreement.DISAGREE])
  agreement: Agreement;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string | null;
}

/** BI-RADS 0-6 with 4A/4B/4C, TI-RADS TR1-TR5. */
export const CATEGORY_VALUES: Record<string, readonly string[]> = {
  'BI-RADS': ['0', '1', '2', '3', '4', '4A', '4B', '4C', '5', '6'],
  'TI-RADS': ['TR1', 'TR2', 'TR3', 'TR4', 'TR5'],
};
const ANY_CATEGORY = /^([0-6]|4A|4B|4C|TR[1-5])$/;

@InputType()
export class AddedLesionInput {
  @Field(() => ID, { description: 'Chosen by the client, so that saving again updates the same lesion' })
  @IsUUID()
  id: string;

  @Field(() => ID)
  @IsUUID()
  imageId: string;

  @Field(() => Float)
  @IsNumber()
  @Min(0)
  x: number;

  @Field(() => Float)
  @IsNumber()
  @Min(0)
  y: number;

  @Field(() => Float)
  @IsNumber()
  @Min(1)
  width: number;

  @Field(() => Float)
  @IsNumber()
  @Min(1)
  height: number;

  @Field(() => String)
  @Matches(ANY_CATEGORY)
  category: string;

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

  @Field(() => Int, { description: 'The draft revision this edit started from (0 before the first save); a stale one is refused with CONFLICT' })
  @IsInt()
  @Min(0)
  baseRevision: number;

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

  @Field(() => String, { nullable: true, description: 'BI-RADS 0-6 with 4A, 4B, 4C; TI-RADS TR1 to TR5' })
  @IsOptional()
  @Matches(ANY_CATEGORY)
  categoryValue?: string;

  @Field(() => [LesionAssessmentInput], { nullable: true })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => LesionAssessmentInput)
  lesionAssessments?: LesionAssessmentInput[];

  @Field(() => [AddedLesionInput], { nullable: true, description: 'Lesions the AI missed; replaces the list' })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => AddedLesionInput)
  addedLesions?: AddedLesionInput[];
}

@InputType()
export class SignReportInput {
  @Field(() => ID)
  @IsUUID()
  consultId: string;

  @Field({ description: 'The specialist’s password, asked again for the signature' })
  @IsString()
  @MaxLength(200)
  password: string;

  @Field({ description: 'The content hash shown in the preview: what is signed must be what was shown' })
  @Matches(/^[0-9a-f]{64}$/)
  contentHash: string;
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
