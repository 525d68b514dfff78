import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { PathologyResult } from '../../follow-up/follow-up-lesion.entity.js';
import { AnatomicalRegion } from '../../imaging/anatomical-region.js';
import { Certificate } from '../certificates/certificate.entity.js';
import { CertificateStatus, EnrolmentStatus } from '../training-enums.js';
import { Question } from '../exams/question.entity.js';

@ObjectType()
export class CourseProgress {
  @Field(() => Int)
  lessonsTotal: number;

  @Field(() => Int)
  lessonsDone: number;

  @Field(() => Int)
  attendanceMinutes: number;

  @Field()
  examPassed: boolean;

  @Field({ description: 'Every requirement met: lessons, attendance, exam' })
  completed: boolean;

  @Field(() => Certificate, { nullable: true })
  certificate: Certificate | null;
}

@ObjectType()
export class AnswerValue {
  @Field(() => [Int], { nullable: true })
  options: number[] | null;

  @Field(() => [Float], { nullable: true, description: '[x, y] in image pixels (MARK_LESION)' })
  point: number[] | null;
}

@ObjectType()
export class QuestionKey {
  @Field(() => ID)
  questionId: string;

  @Field(() => [Int])
  correctOptions: number[];

  @Field(() => [Float], { nullable: true })
  lesionBox: number[] | null;

  @Field()
  explanation: string;
}

@ObjectType()
export class AttemptQuestion {
  @Field(() => Int)
  position: number;

  @Field(() => Question)
  question: Question;

  @Field(() => AnswerValue, { nullable: true })
  savedAnswer: AnswerValue | null;

  @Field(() => Boolean, { nullable: true, description: 'Only once the attempt is graded' })
  correct: boolean | null;

  @Field(() => QuestionKey, { nullable: true, description: 'The correct answer and the explanation, once the attempt is closed and the exam’s review is open' })
  review: QuestionKey | null;
}

@ObjectType({ description: 'A person a trainer may enrol' })
export class StaffMember {
  @Field(() => ID)
  id: string;

  @Field()
  username: string;

  @Field()
  displayName: string;

  @Field()
  institutionName: string;

  @Field({ description: 'Already enrolled in the course' })
  enrolled: boolean;

  @Field({ nullable: true, description: 'Set by enrolStaff: false when they were enrolled already' })
  newlyEnrolled?: boolean;
}

@ObjectType({ description: 'A training institute trains the staff of an institution and of those under it' })
export class TrainingMandate {
  @Field(() => ID)
  trainerInstitutionId: string;

  @Field()
  trainerInstitutionName: string;

  @Field(() => ID)
  institutionId: string;

  @Field()
  institutionName: string;
}

@ObjectType({ description: 'What deleting a question did' })
export class QuestionRemoval {
  @Field(() => ID)
  questionId: string;

  @Field({ description: 'True when attempts had used it: it was retired (kept for them, no longer drawn) instead of deleted' })
  retired: boolean;

  @Field()
  message: string;
}

@ObjectType()
export class ItemStatistic {
  @Field(() => ID)
  questionId: string;

  @Field()
  stem: string;

  @Field(() => Int)
  answered: number;

  @Field(() => Float, { description: 'Share of graded answers that were correct (0 when none)' })
  correctRate: number;
}

@ObjectType()
export class CourseReport {
  @Field(() => ID)
  courseId: string;

  @Field(() => Int)
  enrolled: number;

  @Field(() => Int)
  completed: number;

  @Field(() => Float, { nullable: true, description: 'Mean score of graded attempts' })
  meanScore: number | null;

  @Field(() => Float, { nullable: true, description: 'Share of trainees who sat the exam that passed it' })
  passRate: number | null;

  @Field(() => [ItemStatistic], { description: 'Hardest first' })
  items: ItemStatistic[];
}

@ObjectType({ description: 'One enrolled person in a course’s gradebook' })
export class GradebookRow {
  @Field(() => ID)
  userId: string;

  @Field()
  username: string;

  @Field()
  displayName: string;

  @Field({ description: 'Where they were enrolled' })
  institutionName: string;

  @Field(() => EnrolmentStatus)
  enrolmentStatus: EnrolmentStatus;

  @Field(() => Int)
  lessonsDone: number;

  @Field(() => Int, { description: 'Closed attempts (submitted or timed out)' })
  attempts: number;

  @Field(() => Float, { nullable: true })
  bestScore: number | null;

  @Field(() => Float, { nullable: true, description: 'Of the latest closed attempt' })
  lastScore: number | null;

  @Field({ description: 'Any attempt passed' })
  passed: boolean;

  @Field(() => Date, { nullable: true })
  lastSubmittedAt: Date | null;

  @Field({ description: 'An attempt is open now' })
  inExam: boolean;
}

@ObjectType({ description: 'A course’s results per person (trainers, and admins who see its report)' })
export class Gradebook {
  @Field(() => ID)
  courseId: string;

  @Field(() => Int)
  lessonsTotal: number;

  @Field(() => [GradebookRow])
  rows: GradebookRow[];
}

@ObjectType()
export class CertificateVerification {
  @Field(() => CertificateStatus)
  status: CertificateStatus;

  @Field()
  holderName: string;

  @Field()
  courseTitle: string;

  @Field(() => String, { nullable: true, description: 'The issuing institution' })
  issuerName: string | null;

  @Field(() => String, { nullable: true })
  signerName: string | null;

  @Field(() => String, { nullable: true })
  signerTitle: string | null;

  @Field(() => Float)
  creditHours: number;

  @Field()
  issuedAt: Date;

  @Field()
  expiresAt: Date;

  @Field(() => String, { nullable: true })
  revokedReason: string | null;
}

@ObjectType({ description: 'What making a teaching case of an image would blank, for the clinician to check first' })
export class TeachingCaseBlanking {
  @Field(() => Int)
  width: number;

  @Field(() => Int)
  height: number;

  @Field(() => [[Int]], { description: 'Boxes [x0, y0, x1, y1] that would be blanked: where burned-in text was found' })
  boxes: number[][];

  @Field(() => [[Int]], { description: 'The ultrasound regions the file marks: everything outside them is blanked whatever the boxes' })
  keptRegions: number[][];
}

@ObjectType({ description: 'A follow-up case with a pathology outcome a trainer may turn into a teaching case: no patient identity' })
export class ConfirmedOutcomeCase {
  @Field(() => ID)
  followUpCaseId: string;

  @Field({ description: 'The examining institution' })
  institutionName: string;

  @Field(() => AnatomicalRegion)
  region: AnatomicalRegion;

  @Field(() => String, { nullable: true })
  categorySystem: string | null;

  @Field(() => String, { nullable: true })
  categoryValue: string | null;

  @Field(() => PathologyResult, { description: 'The gravest pathology result among the case’s lesions' })
  diagnosis: PathologyResult;

  @Field(() => ID, { nullable: true, description: 'The teaching case already made from it' })
  teachingCaseId: string | null;
}
