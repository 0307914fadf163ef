// Applies pending migrations to the configured database (DATABASE_URL, or the embedded PGlite).
import { loadConfig } from '../config/config';
import { openDatabaseConnection } from '../database/adapter';
import { citusVersion, distributeDatabase } from '../database/distribute';
import { applyPendingMigrations } from '../database/migrate';

const config = loadConfig();
const connection = await openDatabaseConnection(config.database);
try {
  const applied = await applyPendingMigrations(connection.adapterFactory);
  // On a Citus coordinator, tables these migrations created are distributed like the others.
  if (applied.length && config.database.kind === 'server' && (await citusVersion(connection.database))) {
    const outcome = await distributeDatabase(connection.database);
    console.log(
      `Distributed on Citus: ${outcome.createdDistributedTables.concat(outcome.createdReferenceTables).join(', ') || 'nothing new'}`,
    );
  }
  console.log(
    applied.length
      ? `Applied ${applied.length} migration(s) to ${connection.description}: ${applied.join(', ')}`
      : `${connection.description} is up to date.`,
  );
} finally {
  await connection.close();
}
