import { parseArgs } from './cli-args.js';

describe('parseArgs', () => {
  it('has defaults', () => {
    expect(parseArgs(['/data/busi'])).toEqual({ datasetDirs: ['/data/busi'], model: null, split: 'val', writeCard: null, modelsDir: 'models' });
  });

  it('reads every option', () => {
    expect(parseArgs(['--model', 'breast/1.0.0', 'd', '--split', 'all', '--write-card'])).toMatchObject({ datasetDirs: ['d'], model: 'breast/1.0.0', split: 'all', writeCard: true });
    expect(parseArgs(['d', '--no-write-card']).writeCard).toBe(false);
  });

  it('takes several dataset folders, one site each', () => {
    expect(parseArgs(['a', '--split', 'val', 'b', 'c']).datasetDirs).toEqual(['a', 'b', 'c']);
  });

  it('explains mistakes', () => {
    expect(() => parseArgs([])).toThrow(/dataset folder is missing/);
    expect(() => parseArgs(['d', '--split', 'test'])).toThrow(/--split must be val, train or all/);
    expect(() => parseArgs(['d', '--model'])).toThrow(/--model needs a value/);
    expect(() => parseArgs(['d', '--frobnicate'])).toThrow(/unknown option --frobnicate/);
    expect(() => parseArgs(['d', 'd'])).toThrow(/given twice/);
  });
});
