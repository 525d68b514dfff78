import { ParseUUIDPipe } from '@nestjs/common';
import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentActor } from '../../common/auth.decorators.js';
import type { Actor } from '../../policy/actor.js';
import { Course } from './course.entity.js';
import { CourseModule } from './course-module.entity.js';
import { CoursesService } from './courses.service.js';
import { CourseCopyService } from './course-copy.service.js';
import { CourseInput, ExamInput } from '../dto/training.input.js';
import { CourseProgress, CourseReport, Gradebook } from '../dto/training.types.js';
import { GradebookService } from '../gradebook/gradebook.service.js';
import { SelfEnrolmentService } from '../enrolment/self-enrolment.service.js';
import { Exam } from '../exams/exam.entity.js';
import { Lesson } from './lesson.entity.js';

const uuid = { type: () => ID };

@Resolver(() => Course)
export class CoursesResolver {
  constructor(
    private readonly service: CoursesService,
    private readonly copies: CourseCopyService,
    private readonly gradebooks: GradebookService,
    private readonly selfEnrolment: SelfEnrolmentService,
  ) {}

  @Query(() => [Course], { description: 'Trainers and admins: all courses; others: the published catalogue and their own courses' })
  courses(@CurrentActor() actor: Actor): Promise<Course[]> {
    return this.service.list(actor);
  }

  @Query(() => Course)
  course(@CurrentActor() actor: Actor, @Args('id', uuid, ParseUUIDPipe) id: string): Promise<Course> {
    return this.service.get(actor, id);
  }

  @Query(() => CourseReport, { description: 'Completion, scores and item statistics (trainers, admins)' })
  courseReport(@CurrentActor() actor: Actor, @Args('courseId', uuid, ParseUUIDPipe) courseId: string): Promise<CourseReport> {
    return this.service.report(actor, courseId);
  }

  @Query(() => Gradebook, { description: 'Each enrolled person’s lessons, attempts and scores (trainers, admins); CSV at /gradebooks/:courseId/gradebook.csv' })
  gradebook(@CurrentActor() actor: Actor, @Args('courseId', uuid, ParseUUIDPipe) courseId: string): Promise<Gradebook> {
    return this.gradebooks.gradebook(actor, courseId);
  }

  @Mutation(() => Course)
  createCourse(@CurrentActor() actor: Actor, @Args('input') input: CourseInput): Promise<Course> {
    return this.service.create(actor, input);
  }

  @Mutation(() => Course)
  updateCourse(@CurrentActor() actor: Actor, @Args('id', uuid, ParseUUIDPipe) id: string, @Args('input') input: CourseInput): Promise<Course> {
    return this.service.update(actor, id, input);
  }

  @Mutation(() => Course, { description: 'A draft copy for a new cohort: modules, lessons, current questions, exam settings; no enrolments or attempts' })
  duplicateCourse(@CurrentActor() actor: Actor, @Args('id', uuid, ParseUUIDPipe) id: string, @Args('title') title: string): Promise<Course> {
    return this.copies.duplicate(actor, id, title);
  }

  @Mutation(() => Course)
  publishCourse(@CurrentActor() actor: Actor, @Args('id', uuid, ParseUUIDPipe) id: string): Promise<Course> {
    return this.service.publish(actor, id);
  }

  @Mutation(() => Exam)
  setExam(@CurrentActor() actor: Actor, @Args('input') input: ExamInput): Promise<Exam> {
    return this.service.setExam(actor, input);
  }

  @Mutation(() => CourseProgress)
  completeLesson(@CurrentActor() actor: Actor, @Args('lessonId', uuid, ParseUUIDPipe) lessonId: string): Promise<CourseProgress> {
    return this.service.completeLesson(actor, lessonId);
  }

  @Mutation(() => Int, { description: 'Enrols existing users (admins); answers how many were newly enrolled' })
  enrol(@CurrentActor() actor: Actor, @Args('courseId', uuid, ParseUUIDPipe) courseId: string, @Args('userIds', { type: () => [ID] }) userIds: string[]): Promise<number> {
    return this.service.enrol(actor, courseId, userIds);
  }

  @ResolveField(() => [CourseModule])
  modules(@Parent() course: Course): Promise<CourseModule[]> {
    return this.service.modules(course.id);
  }

  @ResolveField(() => Exam, { nullable: true })
  exam(@Parent() course: Course): Promise<Exam | null> {
    return this.service.exam(course.id);
  }

  @ResolveField(() => Boolean, { description: 'The viewer may enrol themselves now (open to their institution, not enrolled)' })
  canEnrolMyself(@CurrentActor() actor: Actor, @Parent() course: Course): Promise<boolean> {
    return this.selfEnrolment.canEnrol(actor, course);
  }

  @ResolveField(() => CourseProgress, { nullable: true, description: 'Null when the viewer is not enrolled' })
  myProgress(@CurrentActor() actor: Actor, @Parent() course: Course): Promise<CourseProgress | null> {
    return this.service.myProgress(actor, course);
  }
}

@Resolver(() => CourseModule)
export class CourseModuleResolver {
  constructor(private readonly service: CoursesService) {}

  @ResolveField(() => [Lesson])
  lessons(@Parent() module: CourseModule): Promise<Lesson[]> {
    return this.service.lessons(module.id);
  }
}

@Resolver(() => Lesson)
export class LessonResolver {
  constructor(private readonly service: CoursesService) {}

  @ResolveField(() => Boolean)
  completedByMe(@CurrentActor() actor: Actor, @Parent() lesson: Lesson): Promise<boolean> {
    return this.service.completedByMe(actor, lesson.id);
  }
}
