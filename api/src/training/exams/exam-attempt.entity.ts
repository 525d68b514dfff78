import { Field, Float, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { AttemptQuestion } from '../dto/training.types.js';
import { AttemptStatus } from '../training-enums.js';

/** One sitting of an exam: the stored random draw, the server's deadline, and the server's grade. */
@ObjectType()
@Entity('exam_attempt')
export class ExamAttempt {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  examId: string;

  @Column({ type: 'uuid' })
  courseId: string;

  @Column({ type: 'uuid' })
  userId: string;

  @Column({ type: 'int' })
  attemptNo: number;

  @Column({ type: 'uuid', array: true })
  questionIds: string[];

  @Field(() => AttemptStatus)
  @Column({ type: 'varchar', length: 12 })
  status: AttemptStatus;

  @Field()
  @Column({ type: 'timestamptz', precision: 3 })
  startedAt: Date;

  @Field({ description: 'Start plus the time limit, by the server clock' })
  @Column({ type: 'timestamptz', precision: 3 })
  deadline: Date;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  submittedAt: Date | null;

  @Field(() => Float, { nullable: true })
  @Column({ type: 'real', nullable: true })
  score: number | null;

  @Field(() => Boolean, { nullable: true })
  @Column({ type: 'boolean', nullable: true })
  passed: boolean | null;

  /** Set when the attempt was just created: its questions came back with it (nothing saved yet). */
  drawn?: AttemptQuestion[];

  /** ExamsService.reviewOpensAt, once per request: its questions and its own field both ask. */
  reviewOpens?: Promise<Date | null>;
}
