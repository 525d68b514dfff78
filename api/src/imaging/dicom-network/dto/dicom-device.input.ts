import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsIP, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { AnatomicalRegion } from '../../anatomical-region.js';

@InputType()
export class RegisterDicomDeviceInput {
  @Field(() => ID, { description: 'Institution whose studies the device sends (within your tree)' })
  @IsUUID()
  institutionId: string;

  @Field({ description: "The device's calling AE title, as set on the scanner" })
  @Matches(/^(?! *$)[\x20-\x5b\x5d-\x7e]{1,16}$/, { message: 'aeTitle must be 1 to 16 printable ASCII characters without a backslash' })
  aeTitle: string;

  @Field(() => String, { nullable: true, description: 'When given, only associations from this IP address are accepted' })
  @IsOptional()
  @IsIP()
  address?: string | null;

  @Field()
  @IsString()
  @Length(1, 200)
  label: string;

  @Field(() => AnatomicalRegion, { description: 'Region of the studies it sends (which model pre-reads them)' })
  @IsEnum(AnatomicalRegion)
  region: AnatomicalRegion;
}
