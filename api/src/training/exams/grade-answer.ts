import { QuestionKind } from '../training-enums.js';

export interface AnswerKey {
  kind: QuestionKind;
  correctOptions: number[];
  lesionBox: number[] | null;
}

export interface GivenAnswer {
  options: number[] | null;
  point: number[] | null;
}

/**
 * Whether an answer is right, decided by the server from the key alone. Choice questions need exactly the
 * key's options (a multiple choice with one option missing or one extra is wrong); a marked lesion needs
 * the point inside the key's box.
 */
export function gradeAnswer(key: AnswerKey, answer: GivenAnswer | null): boolean {
  if (!answer) return false;
  if (key.kind === QuestionKind.MARK_LESION) {
    const [x, y] = answer.point ?? [];
    const [x0, y0, x1, y1] = key.lesionBox ?? [];
    if ([x, y, x0, y0, x1, y1].some((v) => typeof v !== 'number' || !Number.isFinite(v))) return false;
    return x! >= Math.min(x0!, x1!) && x! <= Math.max(x0!, x1!) && y! >= Math.min(y0!, y1!) && y! <= Math.max(y0!, y1!);
  }
  const given = [...new Set(answer.options ?? [])].sort((a, b) => a - b);
  const wanted = [...new Set(key.correctOptions)].sort((a, b) => a - b);
  return given.length === wanted.length && given.every((v, i) => v === wanted[i]);
}
