import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { ConsentPurpose } from '../consent.entity.js';
import { Sex } from '../patient.entity.js';

@InputType()
export class RegisterPatientInput {
  @Field(() => ID, { description: 'Institution where the patient is examined (one of yours)' })
  @IsUUID()
  institutionId: string;

  @Field()
  @IsString()
  @Length(1, 200)
  name: string;

  @Field(() => Sex)
  @IsEnum(Sex)
  sex: Sex;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'birthDate must be YYYY-MM-DD' })
  birthDate?: string | null;

  @Field(() => String, { nullable: true, description: 'Resident identity card number (18 characters)' })
  @IsOptional()
  @Matches(/^\d{17}[\dXx]$/, { message: 'nationalId must be 18 characters: 17 digits and a digit or X' })
  nationalId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^\+?[0-9 -]{5,32}$/, { message: 'phone must be digits, spaces or dashes' })
  phone?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  address?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  dicomPatientId?: string | null;
}

@InputType()
export class RecordConsentInput {
  @Field(() => ID)
  @IsUUID()
  patientId: string;

  @Field(() => ConsentPurpose)
  @IsEnum(ConsentPurpose)
  purpose: ConsentPurpose;

  @Field()
  @IsBoolean()
  granted: boolean;

  @Field({ description: 'written, verbal or guardian' })
  @IsIn(['written', 'verbal', 'guardian'])
  method: string;
}

@InputType()
export class PatientsFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  institutionId?: string;

  @Field({ nullable: true, description: 'Name, phone, national ID or DICOM patient ID' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  search?: string;
}

@ObjectType()
export class ConsentState {
  @Field(() => ConsentPurpose)
  purpose: ConsentPurpose;

  @Field()
  granted: boolean;

  @Field(() => Date, { nullable: true })
  recordedAt: Date | null;
}
