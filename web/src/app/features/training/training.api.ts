import { inject, Injectable } from '@angular/core';
import { Api } from '../../core/graphql/api';
import type {
  Course,
  ConfirmedOutcomeCase,
  CourseInput,
  CourseModule,
  CourseProgress,
  CourseReport,
  CourseSummary,
  EnrolmentReport,
  Exam,
  ExamInput,
  Gradebook,
  Lesson,
  LessonInput,
  LiveSession,
  LiveSessionInput,
  Question,
  QuestionInput,
  QuestionKey,
  QuestionRemoval,
  StaffMember,
  TeachingCase,
  TeachingCaseBlanking,
} from './training.models';

export const CERTIFICATE_FIELDS = 'id courseTitle holderName institutionName creditHours issuedAt expiresAt status verificationCode pdfUrl';
const PROGRESS_FIELDS = `lessonsTotal lessonsDone attendanceMinutes examPassed completed certificate { ${CERTIFICATE_FIELDS} }`;
const LESSON_FIELDS = 'id title kind position body mediaUrl teachingCaseId completedByMe';
const MODULE_FIELDS = `id title position lessons { ${LESSON_FIELDS} }`;
export const ATTEMPT_SUMMARY_FIELDS = 'id examId status startedAt deadline submittedAt score passed';
const EXAM_FIELDS = `id courseId title questionCount timeLimitMinutes passingScore maxAttempts reviewAfter closesAt myAttempts { ${ATTEMPT_SUMMARY_FIELDS} }`;
const SUMMARY_FIELDS = `id title description creditHours published createdAt myProgress { ${PROGRESS_FIELDS} }`;
const COURSE_FIELDS = `${SUMMARY_FIELDS} certificateValidMonths requiredAttendanceMinutes certificateSignerName certificateSignerTitle selfEnrolInstitutionId canEnrolMyself modules { ${MODULE_FIELDS} } exam { ${EXAM_FIELDS} }`;
export const QUESTION_FIELDS = 'id courseId kind stem options imageUrl lineageId version state position';
const KEY_FIELDS = 'questionId correctOptions lesionBox explanation';
const SESSION_FIELDS = 'id courseId title startsAt durationMinutes presenterId room myAttendanceMinutes';
// Only the course page plays recordings: with them the authoring query would be over the API's query-cost limit.
const SESSION_WITH_RECORDINGS = `${SESSION_FIELDS} recordings { id videoUrl durationSeconds gapCount }`;
export const ENROLMENT_REPORT_FIELDS = 'id rows enrolled alreadyEnrolled failed errors { line message }';

const COURSES = `query TrainingCourses { courses { ${SUMMARY_FIELDS} } }`;
const COURSE = `query TrainingCourse($id: ID!) { course(id: $id) { ${COURSE_FIELDS} } }`;
const LIVE_SESSIONS = `query TrainingLiveSessions($id: ID!) { liveSessions(courseId: $id) { ${SESSION_WITH_RECORDINGS} } }`;
const AUTHORING = `query TrainingAuthoring($id: ID!) {
  course(id: $id) { ${COURSE_FIELDS} }
  questions(courseId: $id) { ${QUESTION_FIELDS} }
  questionKeys(courseId: $id) { ${KEY_FIELDS} }
  liveSessions(courseId: $id) { ${SESSION_FIELDS} }
}`;
const REPORT = `query TrainingCourseReport($id: ID!) { course(id: $id) { id title } courseReport(courseId: $id) { courseId enrolled completed meanScore passRate items { questionId stem answered correctRate } } }`;
const GRADEBOOK = `query TrainingGradebook($id: ID!) { gradebook(courseId: $id) { courseId lessonsTotal rows { userId username displayName institutionName enrolmentStatus lessonsDone attempts bestScore lastScore passed lastSubmittedAt inExam } } }`;
const SET_SELF_ENROLMENT = `mutation SetSelfEnrolment($courseId: ID!, $institutionId: ID) { setSelfEnrolment(courseId: $courseId, institutionId: $institutionId) { id selfEnrolInstitutionId } }`;
const ENROL_MYSELF = `mutation EnrolMyself($courseId: ID!) { enrolMyself(courseId: $courseId) { id } }`;
const SELF_ENROLMENT = `query TrainingSelfEnrolment($id: ID!) { course(id: $id) { id selfEnrolInstitutionId } }`;
const ENROLMENT_REPORTS = `query TrainingEnrolmentReports($id: ID!) { course(id: $id) { id title } enrolmentReports(courseId: $id) { ${ENROLMENT_REPORT_FIELDS} } }`;
const CREATE_COURSE = `mutation CreateCourse($input: CourseInput!) { createCourse(input: $input) { id } }`;
const UPDATE_COURSE = `mutation UpdateCourse($id: ID!, $input: CourseInput!) { updateCourse(id: $id, input: $input) { id } }`;
const TEACHING_CASE_FIELDS = 'id mediaUrl width height createdAt confirmedDiagnosis';
const TEACHING_CASES = `query TeachingCases($limit: Int!) { teachingCases(limit: $limit) { ${TEACHING_CASE_FIELDS} } }`;
const CREATE_TEACHING_CASE = `mutation CreateTeachingCase($imageId: ID!, $blankBoxes: [[Int!]!]) { createTeachingCase(imageId: $imageId, blankBoxes: $blankBoxes) { ${TEACHING_CASE_FIELDS} } }`;
const TEACHING_CASE_BLANKING = 'query TeachingCaseBlanking($imageId: ID!) { teachingCaseBlanking(imageId: $imageId) { width height boxes keptRegions } }';
const CONFIRMED_OUTCOMES = `query ConfirmedOutcomeCases($limit: Int!) { confirmedOutcomeCases(limit: $limit) { followUpCaseId institutionName region categorySystem categoryValue diagnosis teachingCaseId } }`;
const TEACHING_CASE_FROM_FOLLOW_UP = `mutation TeachingCaseFromFollowUp($id: ID!) { createTeachingCaseFromFollowUp(followUpCaseId: $id) { ${TEACHING_CASE_FIELDS} } }`;
const PUBLISH_COURSE = `mutation PublishCourse($id: ID!) { publishCourse(id: $id) { id published } }`;
const ADD_MODULE = `mutation AddModule($input: ModuleInput!) { addModule(input: $input) { ${MODULE_FIELDS} } }`;
const ADD_LESSON = `mutation AddLesson($input: LessonInput!) { addLesson(input: $input) { ${LESSON_FIELDS} } }`;
const ADD_QUESTION = `mutation AddQuestion($input: QuestionInput!) { addQuestion(input: $input) { ${QUESTION_FIELDS} } }`;
const UPDATE_MODULE = `mutation UpdateModule($id: ID!, $title: String!) { updateModule(id: $id, title: $title) { id } }`;
const DELETE_MODULE = `mutation DeleteModule($id: ID!) { deleteModule(id: $id) }`;
const REORDER_MODULES = `mutation ReorderModules($input: ReorderInput!) { reorderModules(input: $input) { id } }`;
const UPDATE_LESSON = `mutation UpdateLesson($id: ID!, $input: LessonContentInput!) { updateLesson(id: $id, input: $input) { ${LESSON_FIELDS} } }`;
const DELETE_LESSON = `mutation DeleteLesson($id: ID!) { deleteLesson(id: $id) }`;
const REORDER_LESSONS = `mutation ReorderLessons($input: ReorderInput!) { reorderLessons(input: $input) { id } }`;
const UPDATE_QUESTION = `mutation UpdateQuestion($id: ID!, $input: QuestionContentInput!) { updateQuestion(id: $id, input: $input) { ${QUESTION_FIELDS} } }`;
const DELETE_QUESTION = `mutation DeleteQuestion($id: ID!) { deleteQuestion(id: $id) { retired message } }`;
const REORDER_QUESTIONS = `mutation ReorderQuestions($input: ReorderInput!) { reorderQuestions(input: $input) { id } }`;
const DUPLICATE_COURSE = `mutation DuplicateCourse($id: ID!, $title: String!) { duplicateCourse(id: $id, title: $title) { id } }`;
const TRAINABLE_STAFF = `query TrainableStaff($courseId: ID!, $search: String!) { trainableStaff(courseId: $courseId, search: $search) { id username displayName institutionName enrolled } }`;
const ENROL_STAFF = `mutation EnrolStaff($courseId: ID!, $userId: ID!) { enrolStaff(courseId: $courseId, userId: $userId) { id username displayName institutionName enrolled } }`;
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

  async course(id: string, signal?: AbortSignal): Promise<CoursePage> {
    const { course } = await this.api.request<{ course: Course }>(COURSE, { id }, signal);
    // Not enrolled but offered to enrol themselves: the server keeps the schedule to the enrolled, so none until then.
    if (!course.myProgress && course.canEnrolMyself) return { course, liveSessions: [] };
    const { liveSessions } = await this.api.request<{ liveSessions: LiveSession[] }>(LIVE_SESSIONS, { id }, signal);
    return { course, liveSessions };
  }

  authoring(id: string, signal?: AbortSignal): Promise<AuthoringData> {
    return this.api.request<AuthoringData>(AUTHORING, { id }, signal);
  }

  /** Which institution's tree may enrol themselves (null: closed). */
  async selfEnrolment(id: string, signal?: AbortSignal): Promise<string | null> {
    return (await this.api.request<{ course: { selfEnrolInstitutionId: string | null } }>(SELF_ENROLMENT, { id }, signal)).course.selfEnrolInstitutionId;
  }

  async setSelfEnrolment(courseId: string, institutionId: string | null): Promise<string | null> {
    return (await this.api.request<{ setSelfEnrolment: { selfEnrolInstitutionId: string | null } }>(SET_SELF_ENROLMENT, { courseId, institutionId })).setSelfEnrolment.selfEnrolInstitutionId;
  }

  async enrolMyself(courseId: string): Promise<void> {
    await this.api.request(ENROL_MYSELF, { courseId });
  }

  async gradebook(id: string, signal?: AbortSignal): Promise<Gradebook> {
    return (await this.api.request<{ gradebook: Gradebook }>(GRADEBOOK, { id }, signal)).gradebook;
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

  /** A de-identified copy of a study image (identifying tags dropped); `blankBoxes`: the boxes the clinician settled on. */
  async createTeachingCase(imageId: string, blankBoxes: number[][]): Promise<TeachingCase> {
    return (await this.api.request<{ createTeachingCase: TeachingCase }>(CREATE_TEACHING_CASE, { imageId, blankBoxes })).createTeachingCase;
  }

  /** What de-identifying the image would blank, for the clinician to check first. */
  async teachingCaseBlanking(imageId: string, signal?: AbortSignal): Promise<TeachingCaseBlanking> {
    return (await this.api.request<{ teachingCaseBlanking: TeachingCaseBlanking }>(TEACHING_CASE_BLANKING, { imageId }, signal)).teachingCaseBlanking;
  }

  /** Follow-up cases with a pathology result at the institutions the trainer's institute trains. */
  async confirmedOutcomeCases(limit = 50, signal?: AbortSignal): Promise<ConfirmedOutcomeCase[]> {
    return (await this.api.request<{ confirmedOutcomeCases: ConfirmedOutcomeCase[] }>(CONFIRMED_OUTCOMES, { limit }, signal)).confirmedOutcomeCases;
  }

  /** The de-identified image of a confirmed follow-up case, as a teaching case carrying the diagnosis. */
  async teachingCaseFromFollowUp(followUpCaseId: string): Promise<TeachingCase> {
    return (await this.api.request<{ createTeachingCaseFromFollowUp: TeachingCase }>(TEACHING_CASE_FROM_FOLLOW_UP, { id: followUpCaseId })).createTeachingCaseFromFollowUp;
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

  async updateModule(id: string, title: string): Promise<void> {
    await this.api.request(UPDATE_MODULE, { id, title });
  }

  async deleteModule(id: string): Promise<void> {
    await this.api.request(DELETE_MODULE, { id });
  }

  /** Every module of the course, in the new order. */
  async reorderModules(courseId: string, ids: string[]): Promise<void> {
    await this.api.request(REORDER_MODULES, { input: { parentId: courseId, ids } });
  }

  async updateLesson(id: string, input: Omit<LessonInput, 'moduleId'>): Promise<Lesson> {
    return (await this.api.request<{ updateLesson: Lesson }>(UPDATE_LESSON, { id, input })).updateLesson;
  }

  async deleteLesson(id: string): Promise<void> {
    await this.api.request(DELETE_LESSON, { id });
  }

  async reorderLessons(moduleId: string, ids: string[]): Promise<void> {
    await this.api.request(REORDER_LESSONS, { input: { parentId: moduleId, ids } });
  }

  /** Writes the question's next version (a new id): attempts keep the version they were given. */
  async updateQuestion(id: string, input: Omit<QuestionInput, 'courseId'>): Promise<Question> {
    return (await this.api.request<{ updateQuestion: Question }>(UPDATE_QUESTION, { id, input })).updateQuestion;
  }

  async deleteQuestion(id: string): Promise<QuestionRemoval> {
    return (await this.api.request<{ deleteQuestion: QuestionRemoval }>(DELETE_QUESTION, { id })).deleteQuestion;
  }

  async reorderQuestions(courseId: string, ids: string[]): Promise<void> {
    await this.api.request(REORDER_QUESTIONS, { input: { parentId: courseId, ids } });
  }

  /** A draft copy for a new cohort; answers its id. */
  async duplicateCourse(id: string, title: string): Promise<string> {
    return (await this.api.request<{ duplicateCourse: { id: string } }>(DUPLICATE_COURSE, { id, title })).duplicateCourse.id;
  }

  async trainableStaff(courseId: string, search: string, signal?: AbortSignal): Promise<StaffMember[]> {
    return (await this.api.request<{ trainableStaff: StaffMember[] }>(TRAINABLE_STAFF, { courseId, search }, signal)).trainableStaff;
  }

  async enrolStaff(courseId: string, userId: string): Promise<StaffMember> {
    return (await this.api.request<{ enrolStaff: StaffMember }>(ENROL_STAFF, { courseId, userId })).enrolStaff;
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
