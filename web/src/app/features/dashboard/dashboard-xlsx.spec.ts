import { describe, expect, it } from '@jest/globals';
import readXlsxFile from 'read-excel-file/node';
import { INSTITUTION_COLUMNS } from './dashboard-csv';
import type { InstitutionFigures } from './dashboard.api';
import { institutionsXlsx } from './dashboard-xlsx';

const ROW: InstitutionFigures = { institutionId: 'x', name: '=توقۇزاق "A"', prefecture: '喀什', county: null, screenings: 12, aiPositive: 3, consults: 2, slaBreaches: 0, followUpsOpened: 2, followUpsCompleted: 1, followUpsOverdue: 1, cancers: 1 };

describe('dashboard Excel export', () => {
  it('writes the headers and one row per institution, figures as numbers and names as text', async () => {
    const blob = await institutionsXlsx([ROW], INSTITUTION_COLUMNS.map((c) => c.toUpperCase()));
    const [sheet] = await readXlsxFile(Buffer.from(await blob.arrayBuffer()));
    expect(sheet!.sheet).toBe('screening');
    expect(sheet!.data).toEqual([INSTITUTION_COLUMNS.map((c) => c.toUpperCase()), ['=توقۇزاق "A"', '喀什', null, 12, 3, 2, 0, 2, 1, 1, 1]]);
  });
});
