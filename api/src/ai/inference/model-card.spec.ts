import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inputSizeOf, ModelCardError, parseModelCard, readModelCard } from './model-card.js';
import { testCard } from './test-card.test-util.js';

function problemsOf(json: unknown): string[] {
  try {
    parseModelCard(json, 'card.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ModelCardError);
    return (error as ModelCardError).problems;
  }
  return [];
}

describe('parseModelCard', () => {
  it('accepts a valid card', () => {
    const card = parseModelCard(testCard('thyroid', 0.6));
    expect(card.operatingThreshold.value).toBe(0.6);
    expect(inputSizeOf(card)).toBe(256);
  });

  it('lists every missing field at once', () => {
    const { name: _name, operatingThreshold: _threshold, ...rest } = testCard();
    expect(problemsOf(rest)).toEqual(['missing field "name"', 'operatingThreshold.value must be a number between 0 and 1']);
  });

  it('rejects a wrong input shape or dtype', () => {
    const card = testCard();
    card.inputs = [{ name: 'image', shape: ['N', 3, 256, 256], dtype: 'float32' }];
    expect(problemsOf(card)).toEqual(['input "image" must have shape ["N",1,S,S], got ["N",3,256,256]']);
    card.inputs = [{ name: 'image', shape: ['N', 1, 256, 128], dtype: 'uint8' as 'float32' }];
    expect(problemsOf(card)).toHaveLength(2);
  });

  it('rejects missing or mis-shaped outputs and an unknown region', () => {
    const card = testCard();
    card.outputs = card.outputs.filter((o) => o.name !== 'heatmap').map((o) => (o.name === 'box' ? { ...o, shape: ['N', 5] } : o));
    (card as { region: string }).region = 'elbow';
    expect(problemsOf(card)).toEqual([
      'unknown region "elbow"',
      'output "box" must have shape ["N",4], got ["N",5]',
      'outputs must list the tensor "heatmap"',
    ]);
  });
});

describe('readModelCard', () => {
  it('reads the shipped cards', async () => {
    const breast = await readModelCard('models/breast/1.0.0');
    expect(breast.region).toBe('breast');
    expect(breast.operatingThreshold.value).toBeGreaterThan(0);
    expect((await readModelCard('models/thyroid/1.0.0')).region).toBe('thyroid');
  });

  it('names the file when it is missing or not JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'card-'));
    await expect(readModelCard(dir)).rejects.toThrow(/model-card\.json: cannot read the file \(ENOENT\)/);
    writeFileSync(join(dir, 'model-card.json'), '{ nope');
    await expect(readModelCard(dir)).rejects.toThrow(/not valid JSON/);
  });
});
