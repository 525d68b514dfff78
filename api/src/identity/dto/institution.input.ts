import { Field, ID, InputType } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { InstitutionType } from '../institution.entity.js';

@InputType()
export class CreateInstitutionInput {
  @Field()
  @Matches(/^[A-Z0-9][A-Z0-9-]{1,31}$/, { message: 'code must be 2-32 capital letters, digits or dashes' })
  code: string;

  @Field()
  @IsString()
  @Length(2, 200)
  name: string;

  @Field(() => InstitutionType)
  @IsEnum(InstitutionType)
  type: InstitutionType;

  @Field()
  @IsString()
  @Length(1, 100)
  prefecture: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  county?: string | null;

  @Field(() => ID, { nullable: true, description: 'The institution this one reports to' })
  @IsOptional()
  @IsUUID()
  parentId?: string | null;
}

@InputType()
export class UpdateInstitutionInput {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(2, 200)
  name?: string;

  @Field(() => InstitutionType, { nullable: true })
  @IsOptional()
  @IsEnum(InstitutionType)
  type?: InstitutionType;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  prefecture?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  county?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  parentId?: string | null;
}

@InputType()
export class InstitutionsFilter {
  @Field(() => InstitutionType, { nullable: true })
  @IsOptional()
  @IsEnum(InstitutionType)
  type?: InstitutionType;

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @Field({ nullable: true, description: 'Matches name, code, prefecture or county' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  search?: string;
}
