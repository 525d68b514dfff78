import { Field, Float, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsPositive, IsString, IsUUID, Length, Max } from 'class-validator';
import { AnatomicalRegion } from '../anatomical-region.js';

@InputType()
export class CreateStudyInput {
  @Field(() => ID)
  @IsUUID()
  patientId: string;

  @Field(() => AnatomicalRegion)
  @IsEnum(AnatomicalRegion)
  region: AnatomicalRegion;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  description?: string | null;

  @Field(() => Float, { nullable: true, description: 'mm per pixel for PNG/JPEG images, read off the scanner’s scale' })
  @IsOptional()
  @IsPositive()
  @Max(10)
  uploaderMmPerPixel?: number | null;
}

@InputType()
export class StudiesFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  patientId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  institutionId?: string;
}
