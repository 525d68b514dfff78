import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, IsUrl, IsUUID, Length, Matches, Max, Min } from 'class-validator';

@InputType()
export class RegisterPacsDestinationInput {
  @Field(() => ID, { description: 'Institution whose results the PACS receives (within your tree)' })
  @IsUUID()
  institutionId: string;

  @Field()
  @IsString()
  @Length(1, 200)
  label: string;

  @Field(() => String, { nullable: true, description: "The PACS's called AE title (with host and port, for C-STORE)" })
  @IsOptional()
  @Matches(/^(?! *$)[\x20-\x5b\x5d-\x7e]{1,16}$/, { message: 'aeTitle must be 1 to 16 printable ASCII characters without a backslash' })
  aeTitle?: string | null;

  @Field(() => String, { nullable: true, description: 'Host name or address of the PACS' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9.:-]{1,255}$/, { message: 'host must be a host name or an IP address' })
  host?: string | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65535)
  port?: number | null;

  @Field(() => String, { nullable: true, description: 'DICOMweb base URL (for example http://pacs:8042/dicom-web), instead of AE title, host and port' })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  @Length(1, 500)
  dicomwebUrl?: string | null;
}
