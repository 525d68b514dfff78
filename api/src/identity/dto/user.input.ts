import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsBoolean,
  IsEmail,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Role } from '../role.js';
import { User } from '../user.entity.js';

export const LOCALES = ['zh', 'ug', 'en'] as const;

@InputType()
export class RoleInput {
  @Field(() => Role)
  @IsEnum(Role)
  role: Role;

  @Field(() => ID)
  @IsUUID()
  institutionId: string;
}

@InputType()
export class CreateUserInput {
  @Field()
  @Matches(/^[a-zA-Z0-9._-]{3,64}$/, { message: 'username must be 3-64 letters, digits, dots, dashes or underscores' })
  username: string;

  @Field()
  @IsString()
  @Length(1, 200)
  displayName: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsEmail()
  email?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^\+?[0-9 -]{5,32}$/, { message: 'phone must be digits, spaces or dashes' })
  phone?: string | null;

  @Field({ nullable: true, defaultValue: 'zh' })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: string;

  @Field({ description: 'Initial password; the user must change it at first sign-in' })
  @IsString()
  @MaxLength(200)
  password: string;

  @Field(() => [RoleInput])
  @ValidateNested({ each: true })
  @Type(() => RoleInput)
  @ArrayMinSize(1, { message: 'a user needs at least one role' })
  roles: RoleInput[];
}

@InputType()
export class UpdateUserInput {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  displayName?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsEmail()
  email?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^\+?[0-9 -]{5,32}$/, { message: 'phone must be digits, spaces or dashes' })
  phone?: string | null;

  @Field({ nullable: true })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: string;
}

@InputType()
export class UsersFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  institutionId?: string;

  @Field(() => Role, { nullable: true })
  @IsOptional()
  @IsEnum(Role)
  role?: Role;

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @Field({ nullable: true, description: 'Matches username or display name' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  search?: string;

  @Field(() => Int, { defaultValue: 0 })
  @IsInt()
  @Min(0)
  offset: number = 0;

  @Field(() => Int, { defaultValue: 50 })
  @IsInt()
  @Min(1)
  @Max(200)
  limit: number = 50;
}

@InputType()
export class ResetPasswordInput {
  @Field(() => ID)
  @IsUUID()
  userId: string;

  @Field({ description: 'Temporary password; the user must change it at next sign-in' })
  @IsString()
  @MaxLength(200)
  newPassword: string;
}

@ObjectType()
export class UserPage {
  @Field(() => [User])
  items: User[];

  @Field(() => Int)
  total: number;
}
