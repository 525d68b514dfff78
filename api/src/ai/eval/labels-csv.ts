import type { Box } from '../../imaging/calibration.js';

/** One image of a dataset folder (labels.csv + images/ + masks/, see ../shared/datasets/<name>/README.md). */
export interface DatasetRow {
  file: string;
  dataset: string;
  region: string;
  label: 'benign' | 'malignant' | 'normal';
  split: string;
  /** Lesion box in pixels of the image (top-left pixel + size), when the image has a mask. */
  bbox: Box | null;
}

const REQUIRED_COLUMNS = ['file', 'region', 'label', 'split'] as const;
const LABELS = new Set(['benign', 'malignant', 'normal']);

/** RFC 4180 records: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') field += text[i++];
      else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      [record, field] = [[], ''];
    } else field += char;
  }
  if (field !== '' || record.length > 0) records.push([...record, field]);
  return records.filter((r) => r.length > 1 || r[0] !== '');
}

function parseBox(get: (column: string) => string): Box | null {
  const values = ['bbox_x', 'bbox_y', 'bbox_w', 'bbox_h'].map((column) => get(column).trim());
  if (values.some((v) => v === '')) return null;
  const [x, y, width, height] = values.map(Number);
  return [x, y, width, height].every(Number.isFinite) ? { x, y, width, height } : null;
}

/** Parses labels.csv; `source` names the file in error messages. */
export function parseLabels(text: string, source: string): DatasetRow[] {
  const [header, ...records] = parseCsv(text);
  if (!header) throw new Error(`${source} is empty`);
  const index = new Map(header.map((name, i) => [name.trim(), i]));
  const missing = REQUIRED_COLUMNS.filter((column) => !index.has(column));
  if (missing.length > 0) throw new Error(`${source} lacks the column(s) ${missing.join(', ')}`);
  return records.map((record, line) => {
    const get = (column: string) => record[index.get(column) ?? -1] ?? '';
    const label = get('label').trim();
    if (!LABELS.has(label)) throw new Error(`${source} line ${line + 2}: unknown label "${label}" (expected benign, malignant or normal)`);
    return {
      file: get('file').trim(),
      dataset: get('dataset').trim(),
      region: get('region').trim(),
      label: label as DatasetRow['label'],
      split: get('split').trim(),
      bbox: parseBox(get),
    };
  });
}
