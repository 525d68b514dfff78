import { buildSchema, parse, validate } from 'graphql';
import { rootFieldLimitRule } from './graphql-root-fields.js';

const schema = buildSchema('type Study { id: ID! } type Query { study(id: ID!): Study }');
const check = (query: string) => validate(schema, parse(query), [rootFieldLimitRule(3)]).map((e) => e.extensions.code);
const aliases = (n: number) => Array.from({ length: n }, (_, i) => `s${i}: study(id: "${i}") { id }`).join(' ');

describe('rootFieldLimitRule', () => {
  it('accepts up to the limit of top-level fields, introspection aside', () => {
    expect(check(`{ ${aliases(3)} __typename }`)).toEqual([]);
  });

  it('refuses more aliases than the limit, also spread through fragments', () => {
    expect(check(`{ ${aliases(4)} }`)).toEqual(['TOO_MANY_ALIASES']);
    expect(check(`fragment F on Query { ${aliases(2)} } { ...F ... on Query { ${aliases(2)} } }`)).toEqual(['TOO_MANY_ALIASES']);
  });
});
