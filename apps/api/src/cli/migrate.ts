// Applies pending migrations to the configured database (DATABASE_URL, or the embedded PGlite).
import { loadConfig } from '../config/config';
import { openDatabaseConnection } from '../database/adapter';
import { applyPendingMigrations } from '../database/migrate';

const config = loadConfig();
const connection = await openDatabaseConnection(config.database);
try {
  const applied = await applyPendingMigrations(connection.adapterFactory);
  console.log(
    applied.length
      ? `Applied ${applied.length} migration(s) to ${connection.description}: ${applied.join(', ')}`
      : `${connection.description} is up to date.`,
  );
} finally {
  await connection.close();
}
