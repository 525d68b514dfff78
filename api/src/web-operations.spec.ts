import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { queryLimitsRule } from './common/graphql-limits.js';
import { loadConfig } from './config/config.js';
import { tsSources } from './testing/source-files.js';

const WEB = join(process.cwd(), 'web/src/app');
const OPERATION = /^\s*(query|mutation|subscription)\b/;
// `const NAME = '…';`, literals joined by `+`, or template literals whose only code is `${OTHER_CONSTANT}` (of this
// file or imported).
const LITERAL = /'[^'\n]*'|`[^`]*`/g;
const CONSTANT = /^(?:export )?const ([A-Z][A-Z0-9_]*) =\s*((?:'[^'\n]*'|`[^`]*`)(?:\s*\+\s*(?:'[^'\n]*'|`[^`]*`))*);$/gm;

/** The web app's GraphQL operations: its string constants that start with an operation keyword, `${CONSTANT}` filled in. */
function webOperations(): Array<{ where: string; text: string }> {
  const constants = tsSources(WEB).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(CONSTANT)].map(([, name, value]) => ({ file, name, literal: (value.match(LITERAL) ?? []).map((l) => l.slice(1, -1)).join('') })),
  );
  // A name is looked up in its own file first, then among the other files' exported constants (imports).
  const lookup = (file: string, name: string) => constants.find((c) => c.file === file && c.name === name) ?? constants.find((c) => c.name === name);
  const expand = (file: string, literal: string, depth = 0): string =>
    depth > 5
      ? literal
      : literal.replace(/\$\{([A-Z][A-Z0-9_]*)\}/g, (whole, name: string) => {
          const found = lookup(file, name);
          return found ? expand(found.file, found.literal, depth + 1) : whole;
        });
  return constants
    .map(({ file, name, literal }) => ({ where: `${relative(process.cwd(), file)} ${name}`, text: expand(file, literal) }))
    .filter(({ text }) => OPERATION.test(text));
}

/**
 * Every operation the web app sends is checked against the committed schema and the API's default depth and cost
 * limits, so a field that does not exist, a wrong argument or a query the API would refuse as too costly fails
 * here rather than on a trainer's screen.
 */
describe("the web app's GraphQL operations", () => {
  const schema = buildSchema(readFileSync(join(process.cwd(), 'api/schema.gql'), 'utf8'));
  const config = loadConfig({ NODE_ENV: 'test' });
  const operations = webOperations();

  it('are found in the sources', () => {
    expect(operations.length).toBeGreaterThan(60);
  });

  it('match the schema and stay within the query depth and cost limits', () => {
    const problems = operations.flatMap(({ where, text }) => {
      if (/\$\{/.test(text)) return [`${where}: built from something other than constants`];
      const errors = validate(schema, parse(text), [...specifiedRules, queryLimitsRule(config.graphqlMaxDepth, config.graphqlMaxCost)]);
      return errors.map((error) => `${where}: ${error.message}`);
    });
    expect(problems).toEqual([]);
  });
});
