// Writes apps/api/schema.graphql, the contract integrators and the web app read.
import { emitGraphqlSchema, emittedSchemaPath } from '../graphql/schema';

await emitGraphqlSchema();
console.log(`Wrote ${emittedSchemaPath}`);
