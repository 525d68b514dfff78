import { getNodeValue, type Node, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import type { QuestionContentInput } from '../../dto/training.input.js';
import { QuestionKind } from '../../training-enums.js';
import { type EmbeddedImage, type ExportedQuestion, lineOf, type ReadQuestion } from './question-file.js';

/**
 * Oasis's question bank file: every kind, image marking included, with its pictures. Documented in
 * docs/question-bank-files.md:
 * { "format": "oasis-question-bank", "version": 1, "course": "…", "questions": [ { "kind": "MARK_LESION",
 *   "stem": "…", "options": [], "correctOptions": [], "lesionBox": [x0, y0, x1, y1], "explanation": "…",
 *   "image": { "png": "<base64>", "teachingCaseId": "<uuid>" } } ] }
 * A picture is either `image` (a PNG carried in the file) or `imageUrl` (an https address).
 */
export const BANK_FILE_FORMAT = 'oasis-question-bank';
export const BANK_FILE_VERSION = 1;

const FIELDS = new Set(['kind', 'stem', 'options', 'correctOptions', 'lesionBox', 'explanation', 'imageUrl', 'image']);
const KINDS = new Set<string>(Object.values(QuestionKind));
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The questions of a bank file, each at its line; a file that is not one answers a single error at the line where it goes wrong. */
export function readBankJson(text: string): ReadQuestion[] {
  const line = lineOf(text);
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  if (errors.length) return [{ line: line(errors[0]!.offset), error: `JSON syntax: ${printParseErrorCode(errors[0]!.error)}` }];
  const property = (node: Node | undefined, name: string) => node?.children?.find((p) => p.children?.[0]?.value === name)?.children?.[1];
  const format = property(root, 'format')?.value;
  const version = property(root, 'version')?.value;
  if (root?.type !== 'object' || format !== BANK_FILE_FORMAT || version !== BANK_FILE_VERSION) {
    return [{ line: 1, error: `Not an Oasis question bank file: expected an object with "format": "${BANK_FILE_FORMAT}" and "version": ${BANK_FILE_VERSION}` }];
  }
  const questions = property(root, 'questions');
  if (questions?.type !== 'array') return [{ line: line(questions?.offset ?? 0), error: '"questions" must be an array' }];
  return (questions.children ?? []).map((node) => ({ line: line(node.offset), ...fromJson(getNodeValue(node)) }));
}

function fromJson(value: unknown): { input: QuestionContentInput; image?: EmbeddedImage } | { error: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'A question must be an object' };
  const q = value as Record<string, unknown>;
  const unknown = Object.keys(q).filter((k) => !FIELDS.has(k));
  if (unknown.length) return { error: `Unknown fields: ${unknown.join(', ')}` };
  if (typeof q['kind'] !== 'string' || !KINDS.has(q['kind'])) return { error: `kind must be one of ${[...KINDS].join(', ')}` };
  if (typeof q['stem'] !== 'string') return { error: 'stem must be text' };
  const options = q['options'] ?? [];
  if (!Array.isArray(options) || options.some((o) => typeof o !== 'string')) return { error: 'options must be a list of texts' };
  const correctOptions = q['correctOptions'] ?? [];
  if (!Array.isArray(correctOptions) || correctOptions.some((o) => !Number.isInteger(o))) return { error: 'correctOptions must be a list of option numbers (from 0)' };
  const lesionBox = q['lesionBox'] ?? null;
  if (lesionBox !== null && (!Array.isArray(lesionBox) || lesionBox.some((v) => typeof v !== 'number'))) return { error: 'lesionBox must be [x0, y0, x1, y1] in image pixels' };
  if (q['explanation'] !== undefined && typeof q['explanation'] !== 'string') return { error: 'explanation must be text' };
  if (q['imageUrl'] !== undefined && typeof q['imageUrl'] !== 'string') return { error: 'imageUrl must be an https address' };
  if (q['image'] !== undefined && q['imageUrl'] !== undefined) return { error: 'Give image or imageUrl, not both' };
  const input: QuestionContentInput = {
    kind: q['kind'] as QuestionKind,
    stem: q['stem'],
    options: options as string[],
    correctOptions: correctOptions as number[],
    lesionBox: lesionBox as number[] | null,
    imageUrl: (q['imageUrl'] as string | undefined) ?? null,
    explanation: (q['explanation'] as string | undefined) ?? '',
  };
  if (q['image'] === undefined) return { input };
  const image = q['image'] as { png?: unknown; teachingCaseId?: unknown } | null;
  if (typeof image?.png !== 'string' || !BASE64.test(image.png)) return { error: 'image.png must be the PNG in base64' };
  if (image.teachingCaseId !== undefined && (typeof image.teachingCaseId !== 'string' || !UUID.test(image.teachingCaseId))) return { error: 'image.teachingCaseId must be a UUID' };
  return { input, image: { png: Buffer.from(image.png, 'base64'), ...(image.teachingCaseId ? { teachingCaseId: image.teachingCaseId as string } : {}) } };
}

/** A bank file of every question (the key included), pretty-printed so that each question starts on its own line. */
export function writeBankJson(courseTitle: string, questions: ExportedQuestion[], exportedAt: Date): string {
  const file = {
    format: BANK_FILE_FORMAT,
    version: BANK_FILE_VERSION,
    course: courseTitle,
    exportedAt: exportedAt.toISOString(),
    questions: questions.map(({ input, image }) => ({
      kind: input.kind,
      stem: input.stem,
      options: input.options,
      correctOptions: input.correctOptions,
      ...(input.lesionBox ? { lesionBox: input.lesionBox } : {}),
      explanation: input.explanation ?? '',
      ...(image ? { image: { png: image.png.toString('base64'), ...(image.teachingCaseId ? { teachingCaseId: image.teachingCaseId } : {}) } } : input.imageUrl ? { imageUrl: input.imageUrl } : {}),
    })),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}
