import { ParseUUIDPipe } from '@nestjs/common';
import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { CurrentActor } from '../../common/auth.decorators.js';
import type { Actor } from '../../policy/actor.js';
import { LessonContentInput, LessonInput, ModuleInput, ReorderInput } from '../dto/training.input.js';
import { CourseModule } from './course-module.entity.js';
import { CourseOutlineService } from './course-outline.service.js';
import { Lesson } from './lesson.entity.js';

const uuid = { type: () => ID };

/** Modules and lessons, added, edited, deleted and reordered by the course's trainers. */
@Resolver()
export class CourseOutlineResolver {
  constructor(private readonly outline: CourseOutlineService) {}

  @Mutation(() => CourseModule)
  addModule(@CurrentActor() actor: Actor, @Args('input') input: ModuleInput): Promise<CourseModule> {
    return this.outline.addModule(actor, input);
  }

  @Mutation(() => CourseModule)
  updateModule(@CurrentActor() actor: Actor, @Args('id', uuid, ParseUUIDPipe) id: string, @Args('title') title: string): Promise<CourseModule> {
    return this.outline.updateModule(actor, id, title);
  }

  @Mutation(() => Boolean, { description: 'Deletes the module with its lessons' })
  deleteModule(@CurrentActor() actor: Actor, @Args('id', uuid, ParseUUIDPipe) id: string): Promise<boolean> {
    return this.outline.deleteModule(actor, id);
  }

  @Mutation(() => [CourseModule], { description: 'parentId: the course; ids: all its modules in the new order' })
  reorderModules(@CurrentActor() actor: Actor, @Args('input') input: ReorderInput): Promise<CourseModule[]> {
    return this.outline.reorderModules(actor, input);
  }

  @Mutation(() => Lesson)
  addLesson(@CurrentActor() actor: Actor, @Args('input') input: LessonInput): Promise<Lesson> {
    return this.outline.addLesson(actor, input);
  }

  @Mutation(() => Lesson)
  updateLesson(@CurrentActor() actor: Actor, @Args('id', uuid, ParseUUIDPipe) id: string, @Args('input') input: LessonContentInput): Promise<Lesson> {
    return this.outline.updateLesson(actor, id, input);
  }

  @Mutation(() => Boolean, { description: 'Deletes the lesson and the trainees’ completions of it' })
  deleteLesson(@CurrentActor() actor: Actor, @Args('id', uuid, ParseUUIDPipe) id: string): Promise<boolean> {
    return this.outline.deleteLesson(actor, id);
  }

  @Mutation(() => [Lesson], { description: 'parentId: the module; ids: all its lessons in the new order' })
  reorderLessons(@CurrentActor() actor: Actor, @Args('input') input: ReorderInput): Promise<Lesson[]> {
    return this.outline.reorderLessons(actor, input);
  }
}
