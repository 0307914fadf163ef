// Applies pending migrations, then distributes the database on Citus (docs/scaling.md): run it once
// on a Citus coordinator, and again whenever you like (it changes only what is not yet distributed).
// Usage: DATABASE_URL=postgresql://…coordinator… npm run db:distribute
import { loadConfig } from '../config/config';
import { withLongStatementTimeout } from '../database/adapter';
import { openDatabase } from '../database/database';
import { CitusMissingError, distributeDatabase } from '../database/distribute';

const config = loadConfig();
if (config.database.kind !== 'server') {
  console.error('db:distribute needs DATABASE_URL set to a Citus coordinator; the embedded PGlite is one node.');
  process.exit(2);
}
const database = await openDatabase(withLongStatementTimeout(config.database), {
  migrate: true,
  onMigrated: (applied) =>
    applied.length && console.log(`Applied ${applied.length} migration(s): ${applied.join(', ')}`),
});
try {
  const outcome = await distributeDatabase(database.sql);
  console.log(
    `Citus ${outcome.citusVersion}, ${outcome.workers} worker(s): ` +
      `${outcome.createdReferenceTables.length} reference table(s) created (${outcome.createdReferenceTables.join(', ') || 'none'}), ` +
      `${outcome.createdDistributedTables.length} table(s) distributed by project_id (${outcome.createdDistributedTables.join(', ') || 'none'}), ` +
      `${outcome.unchangedTables} already in place.`,
  );
  if (outcome.workers === 0)
    console.warn('No worker is registered yet: add them with citus_add_node, then rebalance (docs/scaling.md).');
} catch (error) {
  if (!(error instanceof CitusMissingError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
} finally {
  await database.close();
}
