import { INSTITUTION_COLUMNS } from './dashboard-csv';
import type { InstitutionFigures } from './dashboard.api';

/**
 * The per-institution table as an Excel workbook (write-excel-file, loaded only when someone exports): the
 * headers in the reader's language and bold, the figures as numbers. Text is typed as text, so a name is
 * never run as a formula.
 */
export async function institutionsXlsx(rows: readonly InstitutionFigures[], headers: readonly string[]): Promise<Blob> {
  const { default: writeXlsxFile } = await import('write-excel-file/browser');
  const data = [headers.map((value) => ({ value, fontWeight: 'bold' as const })), ...rows.map((r) => INSTITUTION_COLUMNS.map((c) => (r[c] === null ? null : { value: r[c] })))];
  return writeXlsxFile(data, { sheet: 'screening', stickyRowsCount: 1 }).toBlob();
}
