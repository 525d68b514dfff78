import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { ReviewAfter } from '../training-enums.js';

/** A course's exam: a random draw of `questionCount` questions from its bank, timed by the server. */
@ObjectType()
@Entity('exam')
export class Exam {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid', unique: true })
  courseId: string;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Field(() => Int)
  @Column({ type: 'int' })
  questionCount: number;

  @Field(() => Int)
  @Column({ type: 'int' })
  timeLimitMinutes: number;

  @Field(() => Float, { description: 'Share of correct answers needed, 0..1' })
  @Column({ type: 'real' })
  passingScore: number;

  @Field(() => Int)
  @Column({ type: 'int' })
  maxAttempts: number;

  @Field(() => ReviewAfter, { description: 'When a closed attempt shows the correct answers and the explanations' })
  @Column({ type: 'varchar', length: 10, default: ReviewAfter.SUBMISSION })
  reviewAfter: ReviewAfter;

  @Field(() => Date, { nullable: true, description: 'No attempt starts after it; attempts started while it is set end by it' })
  @Column({ type: 'timestamptz', nullable: true })
  closesAt: Date | null;
}
