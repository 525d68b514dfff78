import { ApiError } from '../../../core/graphql/api-error';
import { errorText } from '../../../core/i18n/error-text';
import type { Text } from '../../../core/i18n/i18n.service';
import type { MessageKey } from '../../../core/i18n/messages/en';

/** Exam refusals with their own explanation; anything else gets the general message for its code. */
const EXAM_CODES: Record<string, MessageKey> = {
  ATTEMPT_CLOSED: 'training.exam.error.ATTEMPT_CLOSED',
  ATTEMPTS_EXHAUSTED: 'training.exam.error.ATTEMPTS_EXHAUSTED',
  EXAM_CLOSED: 'training.exam.error.EXAM_CLOSED',
  QUESTION_NOT_IN_ATTEMPT: 'training.exam.error.QUESTION_NOT_IN_ATTEMPT',
  NOT_ENROLLED: 'training.exam.error.NOT_ENROLLED',
  ANSWERS_NOT_SAVED: 'training.exam.error.ANSWERS_NOT_SAVED',
};

export function examErrorText(error: unknown): Text {
  const key = EXAM_CODES[ApiError.from(error).code];
  return key ? { key } : errorText(error);
}
