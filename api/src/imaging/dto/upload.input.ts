import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Length, Min } from 'class-validator';

/** Body of POST /uploads: announces a file before its bytes are sent. */
export class CreateUploadDto {
  @IsUUID()
  studyId: string;

  @IsOptional()
  @IsString()
  @Length(1, 255)
  fileName?: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  length: number;
}
