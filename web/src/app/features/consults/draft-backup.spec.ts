import type { SaveReportInput } from '../../core/models/consult-report';
import { installStorage, type MemoryStorage } from '../../../testing/memory-storage';
import { clearBackup, readBackup, writeBackup } from './draft-backup';

const input = (consultId: string, impression: string): SaveReportInput => ({
  consultId,
  baseRevision: 2,
  findings: '',
  impression,
  recommendation: null,
  followUpMonths: null,
  categorySystem: null,
  categoryValue: null,
  lesionAssessments: [{ lesionId: 'l1', agreement: 'AGREE', note: null }],
  addedLesions: [],
});

describe('report draft backup', () => {
  let storage: MemoryStorage;
  beforeEach(() => (storage = installStorage('sessionStorage')));

  it('keeps each consult’s unsaved edits apart until cleared', () => {
    writeBackup(input('c1', 'one'));
    writeBackup(input('c2', 'two'));
    writeBackup(input('c1', 'one, edited'));
    expect(readBackup('c1')).toEqual(input('c1', 'one, edited'));
    expect(readBackup('c2')?.impression).toBe('two');
    clearBackup('c1');
    expect(readBackup('c1')).toBeNull();
    expect(readBackup('c2')).not.toBeNull();
  });

  it('ignores a stored value that is not JSON or belongs to another consult', () => {
    storage.setItem('oasis.report-draft.c1', '{not json');
    expect(readBackup('c1')).toBeNull();
    storage.setItem('oasis.report-draft.c1', JSON.stringify(input('c9', 'elsewhere')));
    expect(readBackup('c1')).toBeNull();
  });

  it('does not throw when the storage is full (the server save still runs)', () => {
    storage.full = true;
    expect(() => writeBackup(input('c1', 'x'))).not.toThrow();
    expect(readBackup('c1')).toBeNull();
  });
});
