import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { createTestApp, type TestApp } from './testing/test-app.js';

/** api/schema.gql is the committed contract that web/ and other clients build against. */
describe('committed GraphQL schema', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite', {}, { seed: false });
  });
  afterAll(() => t?.close());

  it('matches the schema the code generates (start the API once to regenerate api/schema.gql)', () => {
    const generated = printSchema(lexicographicSortSchema(t.app.get(GraphQLSchemaHost).schema));
    const committed = readFileSync(join(process.cwd(), 'api/schema.gql'), 'utf8').replace(/^#.*\n+/gm, '');
    expect(committed.trim()).toBe(generated.trim());
  });
});
