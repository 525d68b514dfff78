import { setJsonMember } from './json-text-edit.js';

// Python's json.dump(indent=2) style, with a number JSON.stringify would reformat.
const CARD = `{
  "name": "x",
  "metrics": {
    "pythonValidation": {
      "diff": 2.078711986541748e-06,
      "list": [
        1,
        "a}b"
      ]
    }
  },
  "notes": []
}
`;

describe('setJsonMember', () => {
  it('adds a member at the right depth and leaves every other byte alone', () => {
    const edited = setJsonMember(CARD, ['metrics', 'validation'], { n: 5, ci95: [0.1, 0.2] });
    expect(edited).toBe(
      CARD.replace(
        '      ]\n    }\n  },',
        '      ]\n    },\n    "validation": {\n      "n": 5,\n      "ci95": [\n        0.1,\n        0.2\n      ]\n    }\n  },',
      ),
    );
  });

  it('replaces an existing member', () => {
    const once = setJsonMember(CARD, ['metrics', 'validation'], { n: 5 });
    const twice = setJsonMember(once, ['metrics', 'validation'], { n: 6 });
    expect(twice).toBe(once.replace('"n": 5', '"n": 6'));
    expect(twice).toContain('2.078711986541748e-06');
  });

  it('creates missing parents and fills empty objects', () => {
    expect(setJsonMember('{\n  "a": 1\n}\n', ['metrics', 'validation'], { n: 1 })).toBe(
      '{\n  "a": 1,\n  "metrics": {\n    "validation": {\n      "n": 1\n    }\n  }\n}\n',
    );
    expect(setJsonMember('{}', ['k'], 1)).toBe('{\n  "k": 1\n}');
  });
});
