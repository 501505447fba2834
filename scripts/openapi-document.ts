// The server's OpenAPI document, built without a database (the pool connects lazily), for the
// scripts that generate the console's types and lint the document.
import { buildApp } from '../server/src/app.ts';
import { connect } from '../server/src/db/client.ts';
import { testConfig } from '../server/src/test/harness.ts';

export async function buildOpenApiDocument() {
  const database = connect('postgres://nobody@127.0.0.1:1/none', { max: 1 });
  const app = await buildApp({ config: testConfig(), database, logger: false });
  await app.ready();
  const doc = app.swagger();
  await app.close();
  await database.pool.end();
  return doc;
}
