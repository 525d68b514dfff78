import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsBoolean, IsOptional, IsUUID } from 'class-validator';
import { DicomPatientTags, PatientCandidate } from '../../dto/dicom-import.input.js';

@ObjectType({ description: 'Images a device sent whose patient matched no one (or several): one entry per StudyInstanceUID' })
export class DicomInboxEntry {
  @Field(() => ID, { description: 'The first instance received; resolving it files every instance of its study' })
  id: string;

  @Field(() => ID)
  institutionId: string;

  @Field(() => String, { nullable: true })
  studyInstanceUid: string | null;

  @Field(() => String, { nullable: true })
  studyDate: string | null;

  @Field(() => Int)
  instances: number;

  @Field()
  receivedAt: Date;

  @Field({ description: 'The sending device' })
  deviceLabel: string;

  @Field(() => DicomPatientTags)
  patient: DicomPatientTags;

  @Field(() => [PatientCandidate], { description: 'Registered patients of the institution that the tags match (several: the doctor picks)' })
  candidates: PatientCandidate[];
}

@InputType()
export class ResolveDicomInboxInput {
  @Field(() => ID)
  @IsUUID()
  entryId: string;

  @Field(() => ID, { nullable: true, description: 'The existing patient the doctor confirmed' })
  @IsOptional()
  @IsUUID()
  patientId?: string;

  @Field({ nullable: true, description: 'Register a new patient from the tags instead' })
  @IsOptional()
  @IsBoolean()
  createPatient?: boolean;
}
