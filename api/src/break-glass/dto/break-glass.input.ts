import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';

@InputType()
export class BreakGlassInput {
  @Field(() => ID)
  @IsUUID()
  patientId: string;

  @Field({ description: 'Why the record is needed now (10 to 500 characters); shown to the patient’s admins' })
  @IsString()
  @Length(10, 500)
  reason: string;
}

@InputType()
export class BreakGlassGrantsFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  institutionId?: string;

  @Field(() => Int, { defaultValue: 50 })
  @IsInt()
  @Min(1)
  @Max(200)
  limit: number = 50;
}
