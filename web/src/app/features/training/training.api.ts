import { inject, Injectable } from '@angular/core';
import { Api } from '../../core/graphql/api';
import type {
  Course,
  CourseInput,
  CourseModule,
  CourseProgress,
  CourseReport,
  CourseSummary,
  EnrolmentReport,
  Exam,
  ExamInput,
  Lesson,
  LessonInput,
  LiveSession,
  LiveSessionInput,
  Question,
  QuestionInput,
  QuestionKey,
  TeachingCase,
} from './training.models';

export const CERTIFICATE_FIELDS = 'id courseTitle holderName institutionName creditHours issuedAt expiresAt status verificationCode pdfUrl';
const PROGRESS_FIELDS = `lessonsTotal lessonsDone attendanceMinutes examPassed completed certificate { ${CERTIFICATE_FIELDS} }`;
const LESSON_FIELDS = 'id title kind position body mediaUrl teachingCaseId completedByMe';
const MODULE_FIELDS = `id title position lessons { ${LESSON_FIELDS} }`;
export const ATTEMPT_SUMMARY_FIELDS = 'id examId status startedAt deadline submittedAt score passed';
const EXAM_FIELDS = `id courseId title questionCount timeLimitMinutes passingScore maxAttempts myAttempts { ${ATTEMPT_SUMMARY_FIELDS} }`;
const SUMMARY_FIELDS = `id title description creditHours published createdAt myProgress { ${PROGRESS_FIELDS} }`;
const COURSE_FIELDS = `${SUMMARY_FIELDS} certificateValidMonths requiredAttendanceMinutes modules { ${MODULE_FIELDS} } exam { ${EXAM_FIELDS} }`;
export const QUESTION_FIELDS = 'id courseId kind stem options imageUrl';
const KEY_FIELDS = 'questionId correctOptions lesionBox explanation';
const SESSION_FIELDS = 'id courseId title startsAt durationMinutes presenterId room myAttendanceMinutes';
export const ENROLMENT_REPORT_FIELDS = 'id rows enrolled alreadyEnrolled failed errors { line message }';

const COURSES = `query TrainingCourses { courses { ${SUMMARY_FIELDS} } }`;
const COURSE = `query TrainingCourse($id: ID!) { course(id: $id) { ${COURSE_FIELDS} } liveSessions(courseId: $id) { ${SESSION_FIELDS} } }`;
const AUTHORING = `query TrainingAuthoring($id: ID!) {
  course(id: $id) { ${COURSE_FIELDS} }
  questions(courseId: $id) { ${QUESTION_FIELDS} }
  questionKeys(courseId: $id) { ${KEY_FIELDS} }
  liveSessions(courseId: $id) { ${SESSION_FIELDS} }
}`;
const REPORT = `query TrainingCourseReport($id: ID!) { course(id: $id) { id title } courseReport(courseId: $id) { courseId enrolled completed meanScore passRate items { questionId stem answered correctRate } } }`;
const ENROLMENT_REPORTS = `query TrainingEnrolmentReports($id: ID!) { course(id: $id) { id title } enrolmentReports(courseId: $id) { ${ENROLMENT_REPORT_FIELDS} } }`;
const CREATE_COURSE = `mutation CreateCourse($input: CourseInput!) { createCourse(input: $input) { id } }`;
const UPDATE_COURSE = `mutation UpdateCourse($id: ID!, $input: CourseInput!) { updateCourse(id: $id, input: $input) { id } }`;
const TEACHING_CASES = `query TeachingCases($limit: Int!) { teachingCases(limit: $limit) { id mediaUrl width height createdAt } }`;
const CREATE_TEACHING_CASE = `mutation CreateTeachingCase($imageId: ID!) { createTeachingCase(imageId: $imageId) { id mediaUrl width height createdAt } }`;
const PUBLISH_COURSE = `mutation PublishCourse($id: ID!) { publishCourse(id: $id) { id published } }`;
const ADD_MODULE = `mutation AddModule($input: ModuleInput!) { addModule(input: $input) { ${MODULE_FIELDS} } }`;
const ADD_LESSON = `mutation AddLesson($input: LessonInput!) { addLesson(input: $input) { ${LESSON_FIELDS} } }`;
const ADD_QUESTION = `mutation AddQuestion($input: QuestionInput!) { addQuestion(input: $input) { ${QUESTION_FIELDS} } }`;
const SET_EXAM = `mutation SetExam($input: ExamInput!) { setExam(input: $input) { ${EXAM_FIELDS} } }`;
const SCHEDULE = `mutation ScheduleLiveSession($input: LiveSessionInput!) { scheduleLiveSession(input: $input) { ${SESSION_FIELDS} } }`;
const COMPLETE_LESSON = `mutation CompleteLesson($lessonId: ID!) { completeLesson(lessonId: $lessonId) { ${PROGRESS_FIELDS} } }`;

export interface CoursePage {
  course: Course;
  liveSessions: LiveSession[];
}

export interface AuthoringData extends CoursePage {
  questions: Question[];
  questionKeys: QuestionKey[];
}

/** Courses: the catalogue, the player, and the trainer's authoring and report. */
@Injectable({ providedIn: 'root' })
export class TrainingApi {
  private readonly api = inject(Api);

  async courses(signal?: AbortSignal): Promise<CourseSummary[]> {
    return (await this.api.request<{ courses: CourseSummary[] }>(COURSES, undefined, signal)).courses;
  }

  course(id: string, signal?: AbortSignal): Promise<CoursePage> {
    return this.api.request<CoursePage>(COURSE, { id }, signal);
  }

  authoring(id: string, signal?: AbortSignal): Promise<AuthoringData> {
    return this.api.request<AuthoringData>(AUTHORING, { id }, signal);
  }

  report(id: string, signal?: AbortSignal): Promise<{ course: { id: string; title: string }; courseReport: CourseReport }> {
    return this.api.request(REPORT, { id }, signal);
  }

  enrolmentReports(id: string, signal?: AbortSignal): Promise<{ course: { id: string; title: string }; enrolmentReports: EnrolmentReport[] }> {
    return this.api.request(ENROLMENT_REPORTS, { id }, signal);
  }

  async createCourse(input: CourseInput): Promise<string> {
    return (await this.api.request<{ createCourse: { id: string } }>(CREATE_COURSE, { input })).createCourse.id;
  }

  async updateCourse(id: string, input: CourseInput): Promise<void> {
    await this.api.request(UPDATE_COURSE, { id, input });
  }

  async teachingCases(limit = 24, signal?: AbortSignal): Promise<TeachingCase[]> {
    return (await this.api.request<{ teachingCases: TeachingCase[] }>(TEACHING_CASES, { limit }, signal)).teachingCases;
  }

  /** A de-identified copy of a study image (the server blanks the banner and drops identifying tags). */
  async createTeachingCase(imageId: string): Promise<TeachingCase> {
    return (await this.api.request<{ createTeachingCase: TeachingCase }>(CREATE_TEACHING_CASE, { imageId })).createTeachingCase;
  }

  async publish(id: string): Promise<void> {
    await this.api.request(PUBLISH_COURSE, { id });
  }

  async addModule(courseId: string, title: string): Promise<CourseModule> {
    return (await this.api.request<{ addModule: CourseModule }>(ADD_MODULE, { input: { courseId, title } })).addModule;
  }

  async addLesson(input: LessonInput): Promise<Lesson> {
    return (await this.api.request<{ addLesson: Lesson }>(ADD_LESSON, { input })).addLesson;
  }

  async addQuestion(input: QuestionInput): Promise<Question> {
    return (await this.api.request<{ addQuestion: Question }>(ADD_QUESTION, { input })).addQuestion;
  }

  async setExam(input: ExamInput): Promise<Exam> {
    return (await this.api.request<{ setExam: Exam }>(SET_EXAM, { input })).setExam;
  }

  async scheduleLiveSession(input: LiveSessionInput): Promise<LiveSession> {
    return (await this.api.request<{ scheduleLiveSession: LiveSession }>(SCHEDULE, { input })).scheduleLiveSession;
  }

  async completeLesson(lessonId: string): Promise<CourseProgress> {
    return (await this.api.request<{ completeLesson: CourseProgress }>(COMPLETE_LESSON, { lessonId })).completeLesson;
  }
}
