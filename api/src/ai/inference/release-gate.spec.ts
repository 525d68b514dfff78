import { parseModelCard } from './model-card.js';
import { releaseGate } from './release-gate.js';
import { testCard } from './test-card.test-util.js';

const site = (low: number, split = 'val') => ({ split, auc: { value: low + 0.05, ci95: [low, low + 0.1] } });
const gated = (bySite: Record<string, unknown>) =>
  ({ ...testCard(), releaseGate: { metric: 'auc.ci95.low', minimum: 0.8, sites: ['busi', 'busbra'], split: 'val' }, metrics: { validationBySite: bySite } }) as never;

describe('releaseGate', () => {
  it('passes when every listed site meets the minimum on its val split', () => {
    expect(releaseGate(gated({ busi: site(0.86), busbra: site(0.8) }))).toEqual({
      passed: true,
      minimum: 0.8,
      sites: [
        { site: 'busi', aucLow: 0.86, passed: true },
        { site: 'busbra', aucLow: 0.8, passed: true },
      ],
      reasons: [],
    });
  });

  it('fails on one weak site and says which and why', () => {
    const gate = releaseGate(gated({ busi: site(0.86), busbra: site(0.71) }));
    expect(gate.passed).toBe(false);
    expect(gate.reasons).toEqual(['busbra: AUC lower 95% bound 0.710 is below the minimum 0.8']);
  });

  it('fails without figures for a site, or with figures from another split', () => {
    expect(releaseGate(gated({ busi: site(0.9) })).reasons).toEqual(['busbra: no validation figures on the val split (run npm run models:eval on it)']);
    expect(releaseGate(gated({ busi: site(0.9), busbra: site(0.9, 'train') })).passed).toBe(false);
  });

  it('fails a card that declares no gate', () => {
    expect(releaseGate(testCard())).toMatchObject({ passed: false, reasons: ['the model card declares no release gate (no validated minimum)'] });
  });

  it('makes a malformed gate a card error naming the file', () => {
    const card = { ...testCard(), releaseGate: { metric: 'accuracy', minimum: 2, sites: [], split: '' } };
    expect(() => parseModelCard(card, 'models/breast/9.0.0/model-card.json')).toThrow(
      'Invalid model card models/breast/9.0.0/model-card.json: releaseGate.metric must be "auc.ci95.low"; releaseGate.minimum must be a number between 0 and 1; releaseGate.sites must list at least one dataset; releaseGate.split must name a split',
    );
  });
});
