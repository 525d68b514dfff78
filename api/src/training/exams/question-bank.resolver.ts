import { ParseUUIDPipe } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentActor } from '../../common/auth.decorators.js';
import type { Actor } from '../../policy/actor.js';
import { QuestionContentInput, QuestionInput, ReorderInput } from '../dto/training.input.js';
import { QuestionKey, QuestionRemoval } from '../dto/training.types.js';
import { Question } from './question.entity.js';
import { QuestionBankService } from './question-bank.service.js';

const uuid = { type: () => ID };

@Resolver()
export class QuestionBankResolver {
  constructor(private readonly bank: QuestionBankService) {}

  @Query(() => [Question], { description: 'The question bank in its order, current and retired (trainers)' })
  questions(@CurrentActor() actor: Actor, @Args('courseId', uuid, ParseUUIDPipe) courseId: string): Promise<Question[]> {
    return this.bank.questions(actor, courseId);
  }

  @Query(() => [QuestionKey], { description: 'Answer keys (trainers); never shown to trainees' })
  questionKeys(@CurrentActor() actor: Actor, @Args('courseId', uuid, ParseUUIDPipe) courseId: string): Promise<QuestionKey[]> {
    return this.bank.questionKeys(actor, courseId);
  }

  @Mutation(() => Question)
  addQuestion(@CurrentActor() actor: Actor, @Args('input') input: QuestionInput): Promise<Question> {
    return this.bank.add(actor, input);
  }

  @Mutation(() => Question, { description: 'Writes the next version (a new id); attempts keep the version they drew. id: the current version' })
  updateQuestion(@CurrentActor() actor: Actor, @Args('id', uuid, ParseUUIDPipe) id: string, @Args('input') input: QuestionContentInput): Promise<Question> {
    return this.bank.update(actor, id, input);
  }

  @Mutation(() => QuestionRemoval, { description: 'Deletes the question, or retires it when attempts used it' })
  deleteQuestion(@CurrentActor() actor: Actor, @Args('id', uuid, ParseUUIDPipe) id: string): Promise<QuestionRemoval> {
    return this.bank.remove(actor, id);
  }

  @Mutation(() => [Question], { description: 'parentId: the course; ids: its current and retired questions in the new order' })
  reorderQuestions(@CurrentActor() actor: Actor, @Args('input') input: ReorderInput): Promise<Question[]> {
    return this.bank.reorder(actor, input);
  }
}
