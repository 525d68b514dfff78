import { Type } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, IsString, IsUUID, Length, Min, ValidateIf } from 'class-validator';
import { AnatomicalRegion } from '../anatomical-region.js';

/**
 * Body of POST /uploads: announces a file before its bytes are sent. Either into a study (`studyId`), or, for a
 * DICOM import, into an institution for a region (`institutionId` + `region`): the patient is then confirmed
 * from the file's tags with the importDicomUpload mutation.
 */
export class CreateUploadDto {
  @ValidateIf((o: CreateUploadDto) => !o.institutionId)
  @IsUUID()
  studyId?: string;

  @ValidateIf((o: CreateUploadDto) => !o.studyId)
  @IsUUID()
  institutionId?: string;

  @ValidateIf((o: CreateUploadDto) => !o.studyId)
  @IsEnum(AnatomicalRegion)
  region?: AnatomicalRegion;

  @IsOptional()
  @IsString()
  @Length(1, 255)
  fileName?: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  length: number;
}
