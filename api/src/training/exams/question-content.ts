import { AppError } from '../../common/app-error.js';
import { ErrorCode } from '../../common/error-codes.js';
import type { QuestionContentInput } from '../dto/training.input.js';
import { QuestionKind } from '../training-enums.js';

const CHOICE_ONE: readonly QuestionKind[] = [QuestionKind.SINGLE, QuestionKind.CASE_CATEGORY, QuestionKind.CASE_DECISION];

/** A question's content as stored: the key checked, options or box kept as the kind needs. */
export type QuestionContent = Required<QuestionContentInput>;

/**
 * Checks a question's key and answers its stored form, with `imageUrl` already checked by the caller
 * (CourseMaterial). One rule for questions typed in the editor and questions imported from a file.
 */
export function questionContent(input: QuestionContentInput, imageUrl: string | null): QuestionContent {
  assertKey(input);
  const lesion = input.kind === QuestionKind.MARK_LESION;
  return {
    kind: input.kind,
    stem: input.stem,
    options: lesion ? [] : input.options,
    correctOptions: lesion ? [] : [...new Set(input.correctOptions)],
    lesionBox: lesion ? input.lesionBox! : null,
    imageUrl,
    explanation: input.explanation ?? '',
  };
}

/** The content's columns in the order of question's (kind, stem, options, correct_options, lesion_box, image_url, explanation). */
export const contentParams = (c: QuestionContent) => [
  c.kind,
  c.stem,
  JSON.stringify(c.options),
  JSON.stringify(c.correctOptions),
  c.lesionBox === null ? null : JSON.stringify(c.lesionBox),
  c.imageUrl,
  c.explanation,
];

function assertKey(input: QuestionContentInput) {
  const bad = (message: string, field: string) => new AppError(ErrorCode.BAD_USER_INPUT, message, { field });
  if (input.kind === QuestionKind.MARK_LESION) {
    const box = input.lesionBox;
    if (!box || box.length !== 4 || box[2]! <= box[0]! || box[3]! <= box[1]!) throw bad('A MARK_LESION question needs lesionBox [x0, y0, x1, y1] with x1 > x0 and y1 > y0', 'lesionBox');
    if (!input.imageUrl) throw bad('A MARK_LESION question needs an image', 'imageUrl');
    return;
  }
  if (input.options.length < 2) throw bad('Give at least two options', 'options');
  const correct = [...new Set(input.correctOptions)];
  if (correct.some((i) => i < 0 || i >= input.options.length)) throw bad('Every correct option must be one of the options', 'correctOptions');
  if (CHOICE_ONE.includes(input.kind) && correct.length !== 1) throw bad('This kind of question has exactly one correct option', 'correctOptions');
  if (input.kind === QuestionKind.MULTIPLE && correct.length < 1) throw bad('Mark at least one correct option', 'correctOptions');
}
