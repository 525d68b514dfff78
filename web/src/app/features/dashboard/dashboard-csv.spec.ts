import { describe, expect, it } from '@jest/globals';
import { csvCell, INSTITUTION_COLUMNS, institutionsCsv } from './dashboard-csv';
import type { InstitutionFigures } from './dashboard.api';

const ROW: InstitutionFigures = { institutionId: 'x', name: 'توقۇزاق, "A"', prefecture: '喀什', county: null, screenings: 12, aiPositive: 3, consults: 2, slaBreaches: 0, followUpsOpened: 2, followUpsCompleted: 1, followUpsOverdue: 1, cancers: 1 };

describe('dashboard CSV', () => {
  it('quotes separators and quotes, leaves numbers and plain text alone', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "x"')).toBe('"say ""x"""');
    expect(csvCell('Tokuzak')).toBe('Tokuzak');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('-2+3')).toBe("'-2+3");
  });

  it('writes a header and one line per institution, with a BOM', () => {
    const csv = institutionsCsv([ROW], INSTITUTION_COLUMNS.map((c) => c.toUpperCase()));
    expect(csv.startsWith('\uFEFFNAME,PREFECTURE,COUNTY,SCREENINGS')).toBe(true);
    expect(csv.split('\r\n')[1]).toBe('"توقۇزاق, ""A""",喀什,,12,3,2,0,2,1,1,1');
  });
});
