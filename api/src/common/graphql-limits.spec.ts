import { buildSchema, parse, validate } from 'graphql';
import { queryLimitsRule } from './graphql-limits.js';

const schema = buildSchema(`
  type Node { id: ID! name: String children(limit: Int): [Node!]! parent: Node }
  type Query { node: Node nodes(limit: Int): [Node!]! }
`);

const check = (query: string, depth = 4, cost = 100) => validate(schema, parse(query), [queryLimitsRule(depth, cost)]).map((e) => e.extensions.code);

describe('queryLimitsRule', () => {
  it('accepts a query within depth and cost', () => {
    expect(check('{ node { id parent { id } } }')).toEqual([]);
  });

  it('refuses a query nested too deep, also through fragments', () => {
    expect(check('{ node { parent { parent { parent { parent { id } } } } } }')).toEqual(['QUERY_TOO_DEEP']);
    expect(check('fragment F on Node { parent { parent { parent { id } } } } { node { parent { ...F } } }')).toEqual(['QUERY_TOO_DEEP']);
  });

  it('multiplies list children by the requested page size', () => {
    expect(check('{ nodes(limit: 5) { id name } }')).toEqual([]);
    expect(check('{ nodes(limit: 50) { id name children(limit: 50) { id } } }')).toEqual(['QUERY_TOO_COMPLEX']);
  });
});
