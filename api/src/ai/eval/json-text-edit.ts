/**
 * Sets one member of a JSON document by editing its text, so that every other byte stays as it was: the
 * model cards are written by Python, whose number formatting (e.g. 2.07e-06) JSON.stringify would change.
 * New values are written with 2-space indentation at the member's depth.
 */

interface Member {
  key: string;
  /** Offset of the key's opening quote. */
  start: number;
  valueStart: number;
  valueEnd: number;
}

function skipWhitespace(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i])) i++;
  return i;
}

function stringEnd(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === '"') return j + 1;
  }
  throw new Error('Unterminated string in JSON text');
}

/** Offset just after the JSON value that starts at `i`. */
function valueEnd(text: string, i: number): number {
  if (text[i] === '"') return stringEnd(text, i);
  if (text[i] === '{' || text[i] === '[') {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      if (text[j] === '"') j = stringEnd(text, j) - 1;
      else if (text[j] === '{' || text[j] === '[') depth++;
      else if ((text[j] === '}' || text[j] === ']') && --depth === 0) return j + 1;
    }
    throw new Error('Unbalanced brackets in JSON text');
  }
  let j = i;
  while (j < text.length && !/[\s,\]}]/.test(text[j])) j++;
  return j;
}

/** Members of the object whose '{' is at `open`, and the offset of its '}'. */
function members(text: string, open: number): { list: Member[]; close: number } {
  const list: Member[] = [];
  let i = skipWhitespace(text, open + 1);
  while (text[i] !== '}') {
    const keyEnd = stringEnd(text, i);
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    const valueStart = skipWhitespace(text, skipWhitespace(text, keyEnd) + 1); // past ':'
    const end = valueEnd(text, valueStart);
    list.push({ key, start: i, valueStart, valueEnd: end });
    i = skipWhitespace(text, end);
    if (text[i] === ',') i = skipWhitespace(text, i + 1);
  }
  return { list, close: i };
}

function indentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

const serialise = (value: unknown, indent: string) => JSON.stringify(value, null, 2).replaceAll('\n', `\n${indent}`);

function setIn(text: string, open: number, path: string[], value: unknown): string {
  const [key, ...rest] = path;
  const { list, close } = members(text, open);
  const existing = list.find((member) => member.key === key);
  if (existing && rest.length > 0 && text[existing.valueStart] === '{') return setIn(text, existing.valueStart, rest, value);
  const wrapped = rest.reduceRight<unknown>((inner, name) => ({ [name]: inner }), value);
  if (existing) {
    return text.slice(0, existing.valueStart) + serialise(wrapped, indentAt(text, existing.start)) + text.slice(existing.valueEnd);
  }
  const parentIndent = indentAt(text, open);
  const indent = list.length > 0 ? indentAt(text, list[0].start) : `${parentIndent}  `;
  const entry = `"${key}": ${serialise(wrapped, indent)}`;
  if (list.length === 0) return `${text.slice(0, open + 1)}\n${indent}${entry}\n${parentIndent}${text.slice(close)}`;
  const last = list[list.length - 1];
  return `${text.slice(0, last.valueEnd)},\n${indent}${entry}${text.slice(last.valueEnd)}`;
}

/** Returns `text` with the member at `path` (object keys from the root) set to `value`, creating objects on the way. */
export function setJsonMember(text: string, path: string[], value: unknown): string {
  const open = skipWhitespace(text, 0);
  if (text[open] !== '{' || path.length === 0) throw new Error('setJsonMember needs a JSON object and a non-empty path');
  const edited = setIn(text, open, path, value);
  JSON.parse(edited); // never write a broken document
  return edited;
}
