import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsInt, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';

@InputType()
export class RegisterPacsDestinationInput {
  @Field(() => ID, { description: 'Institution whose results the PACS receives (within your tree)' })
  @IsUUID()
  institutionId: string;

  @Field()
  @IsString()
  @Length(1, 200)
  label: string;

  @Field({ description: "The PACS's called AE title" })
  @Matches(/^(?! *$)[\x20-\x5b\x5d-\x7e]{1,16}$/, { message: 'aeTitle must be 1 to 16 printable ASCII characters without a backslash' })
  aeTitle: string;

  @Field({ description: 'Host name or address of the PACS' })
  @Matches(/^[A-Za-z0-9.:-]{1,255}$/, { message: 'host must be a host name or an IP address' })
  host: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(65535)
  port: number;
}
