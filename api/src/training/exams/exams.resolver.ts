import { ParseUUIDPipe } from '@nestjs/common';
import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentActor } from '../../common/auth.decorators.js';
import type { Actor } from '../../policy/actor.js';
import { AnswerInput } from '../dto/training.input.js';
import { AttemptQuestion } from '../dto/training.types.js';
import { Exam } from './exam.entity.js';
import { ExamAttempt } from './exam-attempt.entity.js';
import { ExamsService } from './exams.service.js';

const uuid = { type: () => ID };

@Resolver(() => ExamAttempt)
export class ExamsResolver {
  constructor(private readonly exams: ExamsService) {}

  @Query(() => ExamAttempt, { description: 'The owner’s attempt (or, once closed, for the course’s trainers)' })
  examAttempt(@CurrentActor() actor: Actor, @Args('id', uuid, ParseUUIDPipe) id: string): Promise<ExamAttempt> {
    return this.exams.attempt(actor, id);
  }

  @Mutation(() => ExamAttempt, { description: 'Starts an attempt, or resumes the open one' })
  startExamAttempt(@CurrentActor() actor: Actor, @Args('examId', uuid, ParseUUIDPipe) examId: string): Promise<ExamAttempt> {
    return this.exams.start(actor, examId);
  }

  @Mutation(() => AttemptQuestion, { description: 'Autosaves one answer; after the deadline or submission: ATTEMPT_CLOSED' })
  saveAnswer(@CurrentActor() actor: Actor, @Args('input') input: AnswerInput): Promise<AttemptQuestion> {
    return this.exams.saveAnswer(actor, input);
  }

  @Mutation(() => ExamAttempt, { description: 'Grades on the server and closes the attempt; a second submission: ATTEMPT_CLOSED' })
  submitExamAttempt(@CurrentActor() actor: Actor, @Args('attemptId', uuid, ParseUUIDPipe) attemptId: string): Promise<ExamAttempt> {
    return this.exams.submit(actor, attemptId);
  }

  @ResolveField(() => [AttemptQuestion], { description: 'The random draw, in order' })
  questions(@CurrentActor() actor: Actor, @Parent() attempt: ExamAttempt): Promise<AttemptQuestion[]> {
    return this.exams.questionsOf(actor, attempt);
  }

  @ResolveField(() => Date, { nullable: true, description: 'While the answers and explanations of this closed attempt are held back until the exam closes: when that is' })
  reviewOpensAt(@Parent() attempt: ExamAttempt): Promise<Date | null> {
    return this.exams.reviewOpensAt(attempt);
  }

  @ResolveField(() => Date, { description: 'The server clock now: the client’s timer shows deadline - serverNow' })
  serverNow(): Date {
    return new Date();
  }
}

@Resolver(() => Exam)
export class ExamResolver {
  constructor(private readonly exams: ExamsService) {}

  @ResolveField(() => [ExamAttempt])
  myAttempts(@CurrentActor() actor: Actor, @Parent() exam: Exam): Promise<ExamAttempt[]> {
    return this.exams.myAttempts(actor, exam.id);
  }
}
