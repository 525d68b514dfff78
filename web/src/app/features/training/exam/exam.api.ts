import { inject, Injectable } from '@angular/core';
import { Api } from '../../../core/graphql/api';
import { QUESTION_FIELDS } from '../training.api';
import type { AttemptQuestion, ExamAttempt } from '../training.models';

const ATTEMPT_FIELDS = `id examId status startedAt deadline submittedAt score passed serverNow reviewOpensAt
  questions { position correct savedAnswer { options point } question { ${QUESTION_FIELDS} } review { questionId correctOptions lesionBox explanation } }`;
const START = `mutation StartExamAttempt($examId: ID!) { startExamAttempt(examId: $examId) { ${ATTEMPT_FIELDS} } }`;
const ATTEMPT = `query ExamAttempt($id: ID!) { examAttempt(id: $id) { ${ATTEMPT_FIELDS} } }`;
const SAVE = `mutation SaveAnswer($input: AnswerInput!) { saveAnswer(input: $input) { position correct savedAnswer { options point } question { id } } }`;
const SUBMIT = `mutation SubmitExamAttempt($attemptId: ID!) { submitExamAttempt(attemptId: $attemptId) { ${ATTEMPT_FIELDS} } }`;

export interface AnswerInput {
  attemptId: string;
  questionId: string;
  options?: number[];
  point?: number[];
}

/** Exam attempts: start or resume, autosave each answer, submit. The server keeps the time. */
@Injectable({ providedIn: 'root' })
export class ExamApi {
  private readonly api = inject(Api);

  async start(examId: string): Promise<ExamAttempt> {
    return (await this.api.request<{ startExamAttempt: ExamAttempt }>(START, { examId })).startExamAttempt;
  }

  async attempt(id: string, signal?: AbortSignal): Promise<ExamAttempt> {
    return (await this.api.request<{ examAttempt: ExamAttempt }>(ATTEMPT, { id }, signal)).examAttempt;
  }

  async save(input: AnswerInput, signal?: AbortSignal): Promise<Pick<AttemptQuestion, 'position' | 'correct' | 'savedAnswer'>> {
    return (await this.api.request<{ saveAnswer: AttemptQuestion }>(SAVE, { input }, signal)).saveAnswer;
  }

  async submit(attemptId: string): Promise<ExamAttempt> {
    return (await this.api.request<{ submitExamAttempt: ExamAttempt }>(SUBMIT, { attemptId })).submitExamAttempt;
  }
}
