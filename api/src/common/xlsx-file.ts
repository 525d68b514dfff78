import writeXlsxFile, { type Row } from 'write-excel-file/node';

/**
 * One sheet of an Excel workbook, written by write-excel-file: the header row bold and kept in view, numbers
 * and booleans as such, text as text (a cell typed String is never run as a formula, so nothing is prefixed).
 */
export function xlsxFile(sheet: string, header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null>>): Promise<Buffer> {
  const data: Row[] = [header.map((value) => ({ value, fontWeight: 'bold' as const })), ...rows.map((row) => row.map((value) => (value === null ? null : { value })))];
  return writeXlsxFile(data, { sheet, stickyRowsCount: 1 }).toBuffer();
}
