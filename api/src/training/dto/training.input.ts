import { Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsDate, IsEnum, IsInt, IsNumber, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';
import { LessonKind, QuestionKind, ReviewAfter } from '../training-enums.js';

@InputType()
export class CourseInput {
  @Field()
  @IsString()
  @Length(3, 200)
  title: string;

  @Field()
  @IsString()
  @MaxLength(5000)
  description: string;

  @Field(() => Float)
  @IsNumber()
  @Min(0)
  @Max(1000)
  creditHours: number;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(240)
  certificateValidMonths: number;

  @Field(() => Int)
  @IsInt()
  @Min(0)
  @Max(100_000)
  requiredAttendanceMinutes: number;

  @Field(() => String, { nullable: true, description: 'Who signs the certificates (empty: the course’s author); unchanged when left out' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  certificateSignerName?: string | null;

  @Field(() => String, { nullable: true, description: 'The signer’s title; unchanged when left out' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  certificateSignerTitle?: string | null;
}

@InputType()
export class ModuleInput {
  @Field(() => ID)
  @IsUUID()
  courseId: string;

  @Field()
  @IsString()
  @Length(1, 200)
  title: string;
}

/** What a lesson says and shows: for a new lesson (LessonInput) and for an edit. */
@InputType()
export class LessonContentInput {
  @Field()
  @IsString()
  @Length(1, 200)
  title: string;

  @Field(() => LessonKind)
  @IsEnum(LessonKind)
  kind: LessonKind;

  @Field()
  @IsString()
  @MaxLength(20000)
  body: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  mediaUrl?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  teachingCaseId?: string | null;
}

@InputType()
export class LessonInput extends LessonContentInput {
  @Field(() => ID)
  @IsUUID()
  moduleId: string;
}

/** A question's text and key: for a new question (QuestionInput) and for an edit, which makes a new version. */
@InputType()
export class QuestionContentInput {
  @Field(() => QuestionKind)
  @IsEnum(QuestionKind)
  kind: QuestionKind;

  @Field()
  @IsString()
  @Length(3, 4000)
  stem: string;

  @Field(() => [String])
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  options: string[];

  @Field(() => [Int])
  @IsArray()
  @ArrayMaxSize(20)
  @IsInt({ each: true })
  correctOptions: number[];

  @Field(() => [Float], { nullable: true, description: '[x0, y0, x1, y1] in image pixels; MARK_LESION: a point inside is correct' })
  @IsOptional()
  @IsArray()
  @IsNumber({}, { each: true })
  lesionBox?: number[] | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  imageUrl?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  explanation?: string | null;
}

@InputType()
export class QuestionInput extends QuestionContentInput {
  @Field(() => ID)
  @IsUUID()
  courseId: string;
}

@InputType()
export class ExamInput {
  @Field(() => ID)
  @IsUUID()
  courseId: string;

  @Field()
  @IsString()
  @Length(1, 200)
  title: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(200)
  questionCount: number;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(600)
  timeLimitMinutes: number;

  @Field(() => Float)
  @IsNumber()
  @Min(0)
  @Max(1)
  passingScore: number;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(20)
  maxAttempts: number;

  @Field(() => ReviewAfter, { nullable: true, description: 'SUBMISSION when not given; CLOSE needs closesAt' })
  @IsOptional()
  @IsEnum(ReviewAfter)
  reviewAfter?: ReviewAfter | null;

  @Field(() => Date, { nullable: true, description: 'When the exam closes: no start after it, and attempts end by it' })
  @IsOptional()
  @IsDate()
  closesAt?: Date | null;
}

/** One autosaved answer. There is deliberately no score or correctness field: grading is the server's. */
@InputType()
export class AnswerInput {
  @Field(() => ID)
  @IsUUID()
  attemptId: string;

  @Field(() => ID)
  @IsUUID()
  questionId: string;

  @Field(() => [Int], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsInt({ each: true })
  options?: number[] | null;

  @Field(() => [Float], { nullable: true, description: '[x, y] in image pixels (MARK_LESION)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(2)
  @IsNumber({}, { each: true })
  point?: number[] | null;
}

@InputType()
export class LiveSessionInput {
  @Field(() => ID)
  @IsUUID()
  courseId: string;

  @Field()
  @IsString()
  @Length(1, 200)
  title: string;

  @Field()
  @IsDate()
  startsAt: Date;

  @Field(() => Int)
  @IsInt()
  @Min(5)
  @Max(24 * 60)
  durationMinutes: number;
}


/** A new order for all of a parent's items (a course's modules or questions, a module's lessons): every id once. */
@InputType()
export class ReorderInput {
  @Field(() => ID, { description: 'The course (modules, questions) or the module (lessons)' })
  @IsUUID()
  parentId: string;

  @Field(() => [ID])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2000)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  ids: string[];
}
