import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsSources } from '../testing/source-files.js';

const API_SRC = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('refusals', () => {
  it('are all made by PolicyService, which writes the DENIED audit row: no other code throws FORBIDDEN', () => {
    const offenders = tsSources(API_SRC)
      .filter((path) => !path.endsWith(join('policy', 'policy.service.ts')))
      .flatMap((path) =>
        readFileSync(path, 'utf8')
          .split('\n')
          .map((line, i) => ({ line, at: `${relative(API_SRC, path)}:${i + 1}` }))
          .filter(({ line }) => /ErrorCode\.FORBIDDEN|ForbiddenException|['"]FORBIDDEN['"]/.test(line) && !/^\s*(\/\/|\*)/.test(line)),
      )
      .map(({ at }) => at);
    // error-codes.ts defines the code and its HTTP status.
    expect(offenders.filter((at) => !at.startsWith('common/error-codes.ts'))).toEqual([]);
  });
});
