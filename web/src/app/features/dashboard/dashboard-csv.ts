import type { InstitutionFigures } from './dashboard.api';

/** The per-institution columns, in the order exported and shown. */
export const INSTITUTION_COLUMNS = ['name', 'prefecture', 'county', 'screenings', 'aiPositive', 'consults', 'slaBreaches', 'followUpsOpened', 'followUpsCompleted', 'followUpsOverdue', 'cancers'] as const;

/**
 * One CSV cell: quoted when it holds a separator, quote or line break; text a spreadsheet would run as a
 * formula (= + - @, tab, carriage return first) gets a leading apostrophe, since institution names are typed by admins.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The per-institution table as CSV (headers in the reader's language), with a BOM so spreadsheets read UTF-8 (Chinese, Uyghur). */
export function institutionsCsv(rows: readonly InstitutionFigures[], headers: readonly string[]): string {
  const lines = [headers.map(csvCell).join(','), ...rows.map((r) => INSTITUTION_COLUMNS.map((c) => csvCell(r[c])).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
