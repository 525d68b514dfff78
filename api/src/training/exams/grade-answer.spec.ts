import { gradeAnswer } from './grade-answer.js';
import { QuestionKind } from '../training-enums.js';

describe('grading one answer', () => {
  const single = { kind: QuestionKind.SINGLE, correctOptions: [2], lesionBox: null };
  const multiple = { kind: QuestionKind.MULTIPLE, correctOptions: [0, 3], lesionBox: null };
  const lesion = { kind: QuestionKind.MARK_LESION, correctOptions: [], lesionBox: [40, 50, 90, 80] };

  it('needs exactly the key for choice questions', () => {
    expect(gradeAnswer(single, { options: [2], point: null })).toBe(true);
    expect(gradeAnswer(single, { options: [1], point: null })).toBe(false);
    expect(gradeAnswer(single, { options: [1, 2], point: null })).toBe(false);
    expect(gradeAnswer(multiple, { options: [3, 0], point: null })).toBe(true);
    expect(gradeAnswer(multiple, { options: [0], point: null })).toBe(false);
    expect(gradeAnswer(multiple, { options: [0, 3, 1], point: null })).toBe(false);
    expect(gradeAnswer(single, null)).toBe(false);
  });

  it('needs the marked point inside the lesion box', () => {
    expect(gradeAnswer(lesion, { options: null, point: [60, 60] })).toBe(true);
    expect(gradeAnswer(lesion, { options: null, point: [40, 80] })).toBe(true);
    expect(gradeAnswer(lesion, { options: null, point: [20, 60] })).toBe(false);
    expect(gradeAnswer(lesion, { options: null, point: null })).toBe(false);
    expect(gradeAnswer({ ...lesion, lesionBox: null }, { options: null, point: [60, 60] })).toBe(false);
  });
});
