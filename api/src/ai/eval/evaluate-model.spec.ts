import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pngjs from 'pngjs';
import { jest } from '@jest/globals';
import { evaluate } from './evaluate-model.js';

const HEADER = 'file,dataset,region,label,bbox_x,bbox_y,bbox_w,bbox_h,split';
const ROWS = [
  'b1.png,busi,breast,benign,10,20,100,50,val',
  'b2.png,busi,breast,benign,,,,,val',
  'm1.png,busi,breast,malignant,,,,,val',
  'n1.png,busi,breast,normal,,,,,val',
  't1.png,busi,breast,benign,,,,,train',
];

/** A dataset folder (one site) of generated noise PNGs (300×200). */
function siteFolder(root: string, site: string): string {
  const datasetDir = join(root, site);
  mkdirSync(join(datasetDir, 'images'), { recursive: true });
  writeFileSync(join(datasetDir, 'labels.csv'), [HEADER, ...ROWS.map((row) => row.replace(',busi,', `,${site},`)), ''].join('\n'));
  ROWS.forEach((row, i) => {
    const png = new pngjs.PNG({ width: 300, height: 200 });
    png.data = Buffer.from(Array.from({ length: 300 * 200 * 4 }, (_, k) => (k % 4 === 3 ? 255 : (k * (i + 7 + site.length)) % 251)));
    writeFileSync(join(datasetDir, 'images', row.split(',')[0]), pngjs.PNG.sync.write(png));
  });
  return datasetDir;
}

/** The busi site folder and a copy of the breast model. */
function fixture(): { root: string; datasetDir: string; modelsDir: string } {
  const root = mkdtempSync(join(tmpdir(), 'models-eval-'));
  const datasetDir = siteFolder(root, 'busi');
  const modelDir = join(root, 'models', 'breast', '1.0.0');
  mkdirSync(modelDir, { recursive: true });
  for (const file of ['model.onnx', 'model-card.json']) copyFileSync(join('models/breast/1.0.0', file), join(modelDir, file));
  return { root, datasetDir, modelsDir: join(root, 'models') };
}

describe('evaluate (models:eval)', () => {
  beforeEach(() => jest.spyOn(process.stdout, 'write').mockImplementation(() => true));
  afterEach(() => jest.restoreAllMocks());

  it('evaluates the val split and writes metrics.validation into the card, keeping the rest of the file', async () => {
    const { datasetDir, modelsDir } = fixture();
    const cardPath = join(modelsDir, 'breast/1.0.0/model-card.json');
    const before = readFileSync(cardPath, 'utf8');
    const result = await evaluate({ datasetDirs: [datasetDir], model: null, split: 'val', writeCard: null, modelsDir });
    expect(result).toMatchObject({
      model: 'breast/1.0.0',
      dataset: 'busi',
      split: 'val',
      nImages: 4,
      benignVsMalignant: { n: 3, nBenign: 2, nMalignant: 1 },
      lesionPresence: { n: 4, nNormal: 1, nLesion: 3 },
      boxIoU: { n: 1 },
      cardWritten: cardPath,
    });
    const after = readFileSync(cardPath, 'utf8');
    const card = JSON.parse(after);
    expect(card.metrics.validation).toMatchObject({ dataset: 'busi', split: 'val', n: 3, threshold: 0.351417, auc: { method: expect.stringContaining('DeLong') } });
    expect(after).toContain('"malignancy": 2.078711986541748e-06'); // Python's formatting survives
    expect(Object.keys(card.metrics.validationBySite)).toEqual(['busi']);
    expect(card.metrics.figures).toMatchObject({ roc: 'roc.svg', reliability: 'reliability.svg', sites: ['busi'] });
    const withoutValidation = (c: { metrics: Record<string, unknown> }) => ({ ...c, metrics: { ...c.metrics, validation: undefined, validationBySite: undefined, figures: undefined } });
    expect(withoutValidation(card)).toEqual(withoutValidation(JSON.parse(before)));
  });

  it('leaves the card alone for another split unless asked', async () => {
    const { datasetDir, modelsDir } = fixture();
    const result = await evaluate({ datasetDirs: [datasetDir], model: 'breast/1.0.0', split: 'all', writeCard: null, modelsDir });
    expect(result).toMatchObject({ nImages: 5, cardWritten: null });
  });

  it('evaluates several sites in one run: one row per site, pooled figures last, per-site metrics and figures in the card', async () => {
    const { root, datasetDir, modelsDir } = fixture();
    const other = siteFolder(root, 'busbra');
    const result = await evaluate({ datasetDirs: [datasetDir, other], model: 'breast', split: 'val', writeCard: true, modelsDir });
    expect(result).toMatchObject({ dataset: 'busi+busbra', nImages: 8, benignVsMalignant: { n: 6 }, sites: { busi: { nImages: 4 }, busbra: { nImages: 4 } } });
    const printed = (process.stdout.write as unknown as jest.Mock).mock.calls.map(([text]) => String(text)).join('');
    expect(printed).toMatch(/one row per site[\s\S]*\nbusi +3 \(2\/1\) +[\d.]+ \[[\d.]+, [\d.]+\][\s\S]*\nbusbra [\s\S]*\npooled +6 \(4\/2\)/);
    const modelDir = join(modelsDir, 'breast/1.0.0');
    const card = JSON.parse(readFileSync(join(modelDir, 'model-card.json'), 'utf8'));
    expect(card.metrics.validation).toMatchObject({ dataset: 'busi+busbra', n: 6 });
    expect(card.metrics.validationBySite).toMatchObject({ busi: { n: 3, auc: { ci95: expect.any(Array) } }, busbra: { n: 3 } });
    expect(readFileSync(join(modelDir, 'roc.svg'), 'utf8')).toMatch(/^<svg[\s\S]*busbra +AUC[\s\S]*<\/svg>/);
    expect(existsSync(join(modelDir, 'reliability.svg'))).toBe(true);
  });

  it('fails clearly for a missing folder, a folder without labels.csv and an unknown region', async () => {
    const { datasetDir, modelsDir } = fixture();
    const args = { model: null, split: 'val' as const, writeCard: false, modelsDir };
    await expect(evaluate({ ...args, datasetDirs: [join(datasetDir, 'nope')] })).rejects.toThrow(/dataset folder not found/);
    await expect(evaluate({ ...args, datasetDirs: [datasetDir, join(datasetDir, 'images')] })).rejects.toThrow(/no labels.csv in/);
    await expect(evaluate({ ...args, datasetDirs: [datasetDir], model: 'elbow' })).rejects.toThrow('unknown region "elbow"');
    await expect(evaluate({ ...args, datasetDirs: [datasetDir], model: 'liver' })).rejects.toThrow(/no AI model for the region "liver"/);
  });
});
