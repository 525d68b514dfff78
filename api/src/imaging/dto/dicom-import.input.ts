import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsBoolean, IsOptional, IsUUID } from 'class-validator';
import { Sex } from '../../patients/patient.entity.js';

@InputType()
export class ImportDicomInput {
  @Field(() => ID, { description: 'A completed upload announced with institutionId + region (no study)' })
  @IsUUID()
  uploadId: string;

  @Field(() => ID, { nullable: true, description: 'The existing patient the doctor confirmed' })
  @IsOptional()
  @IsUUID()
  patientId?: string;

  @Field({ nullable: true, description: 'Register a new patient from the file’s tags instead' })
  @IsOptional()
  @IsBoolean()
  createPatient?: boolean;
}

@ObjectType()
export class DicomPatientTags {
  @Field(() => String, { nullable: true })
  name: string | null;

  @Field(() => String, { nullable: true, description: 'PatientID as written by the scanner' })
  id: string | null;

  @Field(() => Sex)
  sex: Sex;

  @Field(() => String, { nullable: true })
  birthDate: string | null;
}

@ObjectType()
export class PatientCandidate {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => Sex)
  sex: Sex;

  @Field(() => String, { nullable: true })
  birthDate: string | null;

  @Field({ description: 'dicom-patient-id, or name-and-birth-date' })
  matchedBy: string;
}

@ObjectType()
export class DicomImportPreview {
  @Field(() => ID)
  uploadId: string;

  @Field(() => DicomPatientTags)
  patient: DicomPatientTags;

  @Field(() => String, { nullable: true })
  studyInstanceUid: string | null;

  @Field(() => String, { nullable: true })
  studyDate: string | null;

  @Field(() => [PatientCandidate], { description: 'Registered patients of the institution that the tags match' })
  candidates: PatientCandidate[];
}
