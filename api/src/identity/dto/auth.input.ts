import { Field, InputType } from '@nestjs/graphql';
import { IsString, Length, MaxLength } from 'class-validator';

@InputType()
export class SignInInput {
  @Field()
  @IsString()
  @Length(1, 64)
  username: string;

  @Field()
  @IsString()
  @Length(1, 200)
  password: string;
}

@InputType()
export class RefreshSessionInput {
  @Field()
  @IsString()
  @Length(10, 200)
  refreshToken: string;
}

@InputType()
export class ChangePasswordInput {
  @Field()
  @IsString()
  @MaxLength(200)
  currentPassword: string;

  @Field()
  @IsString()
  @MaxLength(200)
  newPassword: string;
}
