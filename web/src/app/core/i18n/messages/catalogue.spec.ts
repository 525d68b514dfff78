import { en, type MessageKey, type Messages } from './en';
import { ug } from './ug';
import { zh } from './zh';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const keys = Object.keys(en) as MessageKey[];

describe.each([
  ['Chinese', zh],
  ['Uyghur', ug],
] as Array<[string, Messages]>)('the %s texts', (_language, messages) => {
  it('translate every English text, none left empty', () => {
    expect(Object.keys(messages).sort()).toEqual([...keys].sort());
    expect(keys.filter((key) => !messages[key].trim())).toEqual([]);
  });

  it('keep every placeholder of the English text, so that t() can fill it in', () => {
    const mismatched = keys.filter((key) => placeholders(messages[key]).join() !== placeholders(en[key]).join());
    expect(mismatched.map((key) => [key, en[key], messages[key]])).toEqual([]);
  });
});

describe('the English texts', () => {
  it('name their placeholders as words', () => {
    expect(keys.filter((key) => /\{(?!\w+\})/.test(en[key]))).toEqual([]);
  });
});
