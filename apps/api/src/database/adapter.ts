// Chooses the PostgreSQL that leadmaps talks to: a server when DATABASE_URL is set, otherwise
// PGlite (real PostgreSQL compiled to wasm) in a data folder. Both speak the same SQL.
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { DatabaseConfig } from '../config/config';

export interface DatabaseConnection {
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /** A human-readable description without credentials, for logs. */
  description: string;
  close(): Promise<void>;
}

export async function openDatabaseConnection(config: DatabaseConfig): Promise<DatabaseConnection> {
  if (config.kind === 'server') {
    const adapterFactory = new PrismaPg({ connectionString: config.url, max: 10 });
    return { adapterFactory, description: describeServerUrl(config.url), close: async () => {} };
  }
  if (config.dataDirectory !== 'memory://') mkdirSync(config.dataDirectory, { recursive: true });
  const pglite = await PGlite.create(config.dataDirectory === 'memory://' ? undefined : config.dataDirectory);
  return {
    adapterFactory: new PrismaPGlite(pglite),
    description: `embedded PGlite at ${config.dataDirectory}`,
    close: () => pglite.close(),
  };
}

function describeServerUrl(url: string): string {
  const parsed = new URL(url);
  return `PostgreSQL ${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
}
