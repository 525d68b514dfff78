/**
 * A CSV file for spreadsheets: RFC 4180 quoting, CRLF lines and a UTF-8 byte-order mark (without it Excel
 * reads Chinese and Uyghur as mojibake). A text cell that a spreadsheet would run as a formula (= + - @ at
 * its start, a name typed in by anyone) is prefixed with an apostrophe; numbers are written as they are.
 */
export function csvText(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null>>): string {
  const cell = (value: string | number | boolean | null): string => {
    if (value === null) return '';
    if (typeof value !== 'string') return String(value);
    const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return `\uFEFF${[header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}
