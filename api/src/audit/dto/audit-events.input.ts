import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { AuditEvent, AuditOutcome } from '../audit-event.entity.js';

@InputType()
export class AuditEventsFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  institutionId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  actorUserId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  resourceType?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  resourceId?: string;

  @Field(() => AuditOutcome, { nullable: true })
  @IsOptional()
  @IsEnum(AuditOutcome)
  outcome?: AuditOutcome;

  @Field({ nullable: true, description: 'Cursor: the nextCursor of the previous page' })
  @IsOptional()
  @Matches(/^\d{1,19}$/)
  after?: string;

  @Field(() => Int, { defaultValue: 50 })
  @IsInt()
  @Min(1)
  @Max(200)
  limit: number = 50;
}

@ObjectType()
export class AuditEventPage {
  @Field(() => [AuditEvent])
  items: AuditEvent[];

  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next (older) page; null at the end' })
  nextCursor: string | null;
}
