import gift, { type GIFTQuestion, type TextChoice, type TextFormat } from 'gift-pegjs';
import type { QuestionContentInput } from '../../dto/training.input.js';
import { QuestionKind } from '../../training-enums.js';
import type { ExportedQuestion, ReadQuestion } from './question-file.js';

/**
 * GIFT, Moodle's text format for question banks (https://docs.moodle.org/en/GIFT_format), parsed by gift-pegjs.
 * As Moodle does, questions are the file's blocks between blank lines: each block is parsed on its own, so one
 * broken question is reported at its line and the others still import.
 */
export function readGift(text: string): ReadQuestion[] {
  const read: ReadQuestion[] = [];
  for (const block of blocks(text)) {
    let parsed: GIFTQuestion[];
    try {
      parsed = gift.parse(block.text);
    } catch (error) {
      const at = (error as { location?: { start: { line: number } } }).location?.start.line ?? 1;
      read.push({ line: block.line + at - 1, error: `GIFT syntax: ${(error as Error).message}` });
      continue;
    }
    for (const question of parsed) {
      if (question.type === 'Category') continue;
      read.push({ line: block.line, ...fromGift(question) });
    }
  }
  return read;
}

/** Runs of non-blank lines with the line each starts on; runs of comments alone are no question (and gift-pegjs refuses them). */
function blocks(text: string): Array<{ line: number; text: string }> {
  const lines = text.split(/\r?\n/);
  const found: Array<{ line: number; text: string }> = [];
  for (let start = 0; start < lines.length; start++) {
    if (lines[start]!.trim() === '') continue;
    let end = start;
    while (end + 1 < lines.length && lines[end + 1]!.trim() !== '') end++;
    const block = lines.slice(start, end + 1);
    if (!block.every((line) => line.trim().startsWith('//'))) found.push({ line: start + 1, text: block.join('\n') });
    start = end;
  }
  return found;
}

const UNSUPPORTED = 'questions are not imported: Oasis exams grade choice questions (single, multiple, true/false) and image marking';

function fromGift(question: GIFTQuestion): { input: QuestionContentInput } | { error: string } {
  const explanation = (parts: Array<string | null>) => parts.filter((p): p is string => !!p).join('\n');
  if (question.type === 'TF') {
    const feedback = [question.trueFeedback, question.falseFeedback].map((f, i) => f && `“${i === 0 ? 'True' : 'False'}”: ${f.text}`);
    return {
      input: { kind: QuestionKind.SINGLE, stem: question.stem.text, options: ['True', 'False'], correctOptions: [question.isTrue ? 0 : 1], explanation: explanation([textOf(question.globalFeedback), ...feedback]) },
    };
  }
  if (question.type !== 'MC') return { error: `${question.type} ${UNSUPPORTED}` };
  const choices: TextChoice[] = question.choices;
  // Weighted answers (~%50%) mark every answer with a positive weight correct; plain ones (=) mark theirs.
  const weighted = choices.some((c) => c.weight !== null);
  const correctOptions = choices.flatMap((c, i) => ((weighted ? (c.weight ?? 0) > 0 : c.isCorrect) ? [i] : []));
  const feedback = choices.map((c) => c.feedback && `“${c.text.text}”: ${c.feedback.text}`);
  return {
    input: {
      kind: correctOptions.length === 1 ? QuestionKind.SINGLE : QuestionKind.MULTIPLE,
      stem: question.stem.text,
      options: choices.map((c) => c.text.text),
      correctOptions,
      explanation: explanation([textOf(question.globalFeedback), ...feedback]),
    },
  };
}

const textOf = (format: TextFormat | null) => format?.text ?? null;

/** The kinds GIFT can carry without losing anything: choice questions without a picture. */
export const giftCarries = (q: ExportedQuestion) => (q.input.kind === QuestionKind.SINGLE || q.input.kind === QuestionKind.MULTIPLE) && !q.input.imageUrl;

/** A GIFT file of the questions GIFT can carry (see giftCarries), numbered in the bank's order. */
export function writeGift(courseTitle: string, questions: ExportedQuestion[]): string {
  const carried = questions.filter(giftCarries);
  const left = questions.length - carried.length;
  const header = [
    `// Oasis question bank: ${oneLine(courseTitle)} (${carried.length} questions, GIFT format)`,
    ...(left ? [`// ${left} questions with pictures (image marking, cases) are only in the JSON export`] : []),
  ];
  return [header.join('\n'), ...carried.map((q, i) => giftQuestion(q.input, i + 1))].join('\n\n') + '\n';
}

function giftQuestion(q: QuestionContentInput, number: number): string {
  const correct = new Set(q.correctOptions);
  const weight = q.kind === QuestionKind.MULTIPLE ? `${+(100 / correct.size).toFixed(5)}` : null;
  const answers = q.options.map((option, i) => {
    if (weight === null) return `${correct.has(i) ? '=' : '~'}${escape(option)}`;
    return `~%${correct.has(i) ? weight : -100}%${escape(option)}`;
  });
  const feedback = q.explanation ? [`####${escape(q.explanation)}`] : [];
  return [`::Q${number}:: ${escape(q.stem)} {`, ...answers.map((a) => `  ${a}`), ...feedback.map((f) => `  ${f}`), '}'].join('\n');
}

/** GIFT's special characters escaped; a newline written as \n, so that a question stays one block. */
const escape = (text: string) => text.replace(/[\\~=#{}:]/g, (c) => `\\${c}`).replace(/\r?\n/g, '\\n');
const oneLine = (text: string) => text.replace(/\s+/g, ' ');
