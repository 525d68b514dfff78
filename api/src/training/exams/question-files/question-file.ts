import type { QuestionContentInput } from '../../dto/training.input.js';

/** The question bank file formats: Moodle's GIFT for text questions, Oasis's JSON for every kind with its images. */
export enum QuestionFileFormat {
  GIFT = 'gift',
  JSON = 'json',
}

/** A question's picture carried in a JSON bank file. */
export interface EmbeddedImage {
  /** The PNG's bytes. */
  png: Buffer;
  /** The teaching case it was exported from: reused when it exists on this server (a bank copied between courses). */
  teachingCaseId?: string;
}

/** One question read from a file, at its first line: its content, or why it cannot be imported. */
export type ReadQuestion = { line: number } & ({ input: QuestionContentInput; image?: EmbeddedImage } | { error: string });

/** A question as exported: its content and key, with the picture's bytes where it is a teaching case here. */
export interface ExportedQuestion {
  input: QuestionContentInput;
  image?: EmbeddedImage;
}

/** Line (1-based) of each offset in a text: the file's line starts, searched. */
export function lineOf(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}
