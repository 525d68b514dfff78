import type { ConsultReport, SaveReportInput } from '../../core/models/consult-report';
import { Serial } from '../../shared/serial';
import {
  backupConflicts,
  choicesOf,
  contentKey,
  currentDraft,
  draftFromInput,
  replaceVersion,
  type ReportDraft,
  toDraft,
  toSaveInput,
  withVersion,
} from './report-draft';

const version = (id: string, n: number, fields: Partial<ConsultReport> = {}): ConsultReport => ({
  id,
  version: n,
  status: 'DRAFT',
  findings: '',
  impression: '',
  recommendation: null,
  followUpMonths: null,
  categorySystem: null,
  categoryValue: null,
  lesionAssessments: [],
  addedLesions: [],
  signedAt: null,
  updatedAt: '2026-03-01T00:00:00Z',
  contentHash: null,
  pdfSha256: null,
  revision: 0,
  previewRevision: null,
  previewContentHash: null,
  ...fields,
});

const draft = (fields: Partial<ReportDraft> = {}): ReportDraft => ({
  findings: '',
  impression: '',
  recommendation: '',
  followUpMonths: '',
  categorySystem: '',
  categoryValue: '',
  ...fields,
});

const inputOf = (d: ReportDraft, extra: Partial<Parameters<typeof toSaveInput>[0]> = {}) =>
  toSaveInput({ consultId: 'c1', baseRevision: 3, draft: d, choices: {}, lesionIds: new Set(), added: [], ...extra });

describe('toDraft', () => {
  it('starts an empty form with the region’s category system', () => {
    expect(toDraft(null, 'BREAST').categorySystem).toBe('BI-RADS');
    expect(toDraft(null, 'THYROID').categorySystem).toBe('TI-RADS');
    expect(toDraft(null, 'LIVER')).toEqual(draft());
  });

  it('fills the form from a saved version, an unknown system falling back to the region’s', () => {
    const saved = version('r', 1, { findings: 'Solid mass', impression: 'Suspicious', recommendation: 'BIOPSY', followUpMonths: 6, categorySystem: 'LI-RADS', categoryValue: 'LR3' });
    expect(toDraft(saved, 'BREAST')).toEqual({
      findings: 'Solid mass',
      impression: 'Suspicious',
      recommendation: 'BIOPSY',
      followUpMonths: '6',
      categorySystem: 'BI-RADS',
      categoryValue: 'LR3',
    });
  });
});

describe('toSaveInput', () => {
  it('trims the texts and sends no follow-up for a recommendation without one', () => {
    const input = inputOf(draft({ findings: '  mass  ', impression: ' benign ', recommendation: 'BIOPSY', followUpMonths: '6' }));
    expect(input).toMatchObject({ consultId: 'c1', baseRevision: 3, findings: 'mass', impression: 'benign', recommendation: 'BIOPSY', followUpMonths: null });
    expect(inputOf(draft({ recommendation: 'ROUTINE_FOLLOW_UP', followUpMonths: '12' })).followUpMonths).toBe(12);
  });

  it('sends a category only when the value belongs to the system', () => {
    expect(inputOf(draft({ categorySystem: 'BI-RADS', categoryValue: '4A' }))).toMatchObject({ categorySystem: 'BI-RADS', categoryValue: '4A' });
    // A TI-RADS value left over after switching to BI-RADS.
    expect(inputOf(draft({ categorySystem: 'BI-RADS', categoryValue: 'TR3' }))).toMatchObject({ categorySystem: null, categoryValue: null });
    expect(inputOf(draft({ categoryValue: '4A' }))).toMatchObject({ categorySystem: null, categoryValue: null });
  });

  it('sends the choices made on lesions the study still has, with empty notes as none', () => {
    const input = inputOf(draft(), {
      choices: { l1: { agreement: 'AGREE', note: '  ' }, l2: { agreement: null, note: 'not chosen yet' }, gone: { agreement: 'DISAGREE', note: '' }, l3: { agreement: 'PARTLY', note: ' smaller ' } },
      lesionIds: new Set(['l1', 'l2', 'l3']),
    });
    expect(input.lesionAssessments).toEqual([
      { lesionId: 'l1', agreement: 'AGREE', note: null },
      { lesionId: 'l3', agreement: 'PARTLY', note: 'smaller' },
    ]);
  });

  it('round-trips through the form: saved input put back gives the same input', () => {
    const d = draft({ findings: 'a', impression: 'b', recommendation: 'SHORT_INTERVAL_FOLLOW_UP', followUpMonths: '3', categorySystem: 'TI-RADS', categoryValue: 'TR4' });
    const choices = { l1: { agreement: 'AGREE' as const, note: 'ok' } };
    const input = inputOf(d, { choices, lesionIds: new Set(['l1']) });
    const restored = draftFromInput(input, draft({ categorySystem: 'BI-RADS' }));
    expect(restored).toEqual(d);
    expect(choicesOf(input.lesionAssessments)).toEqual(choices);
  });

  it('keeps the form’s system when the saved input has none', () => {
    expect(draftFromInput(inputOf(draft()), draft({ categorySystem: 'TI-RADS' })).categorySystem).toBe('TI-RADS');
  });
});

describe('contentKey', () => {
  it('ignores the revision a save starts from, nothing else', () => {
    const input = inputOf(draft({ impression: 'x' }));
    expect(contentKey({ ...input, baseRevision: 9 })).toBe(contentKey(input));
    expect(contentKey({ ...input, impression: 'y' })).not.toBe(contentKey(input));
  });
});

describe('versions', () => {
  const signed = version('v1', 1, { status: 'SIGNED', revision: 4 });

  it('knows the draft being written: the newest version when unsigned', () => {
    expect(currentDraft(null)).toBeNull();
    expect(currentDraft([signed])).toBeNull();
    expect(currentDraft([signed, version('v2', 2)])?.id).toBe('v2');
  });

  it('puts a saved version in place of its older copy, oldest version first', () => {
    const amended = version('v2', 2, { revision: 1 });
    const all = withVersion([amended, signed], { ...amended, revision: 2 });
    expect(all.map((v) => [v.id, v.revision])).toEqual([
      ['v1', 4],
      ['v2', 2],
    ]);
    expect(withVersion(null, signed)).toEqual([signed]);
    // An answer about an earlier version goes before the later ones.
    expect(withVersion([version('v2', 2)], signed).map((v) => v.id)).toEqual(['v1', 'v2']);
  });

  it('replaces a version it has and adds none it lacks', () => {
    expect(replaceVersion([signed], { ...signed, revision: 5 })[0].revision).toBe(5);
    expect(replaceVersion([signed], version('other', 2))).toEqual([signed]);
  });

  it('calls a backup made on another revision than the server’s draft a conflict', () => {
    const backup = { baseRevision: 2 } as SaveReportInput;
    expect(backupConflicts(backup, version('d', 1, { revision: 2 }))).toBe(false);
    expect(backupConflicts(backup, version('d', 1, { revision: 3 }))).toBe(true);
    expect(backupConflicts({ baseRevision: 0 } as SaveReportInput, null)).toBe(false);
  });
});

describe('ordered saves', () => {
  /** The API's optimistic check: a save must start from the draft's current revision. */
  function server() {
    let revision = 0;
    const saved: string[] = [];
    return {
      saved,
      async save(input: SaveReportInput): Promise<ConsultReport> {
        await new Promise((resolve) => setTimeout(resolve, 1));
        if (input.baseRevision !== revision) throw new Error('CONFLICT');
        saved.push(input.impression);
        return version('d', 1, { impression: input.impression, revision: ++revision });
      },
    };
  }

  it('each save, built when its turn comes, starts from the revision the last answer gave', async () => {
    const api = server();
    const saves = new Serial();
    let versions: ConsultReport[] | null = [version('d', 1)];
    let form = draft({ impression: 'first' });
    const persist = () =>
      saves.run(async () => {
        const saved = await api.save(inputOf(form, { baseRevision: currentDraft(versions)?.revision ?? 0 }));
        versions = withVersion(versions, saved);
        return saved;
      });
    const first = persist();
    form = draft({ impression: 'second' });
    const second = persist();
    form = draft({ impression: 'third' });
    await Promise.all([first, second, persist()]);
    // Every save went through (no CONFLICT), and each sent the form as it was when sent.
    expect(api.saved).toEqual(['third', 'third', 'third']);
    expect(currentDraft(versions)?.revision).toBe(3);
  });
});
