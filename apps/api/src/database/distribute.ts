// Distributes a migrated leadmaps database on Citus (docs/scaling.md): every table with a
// `project_id` is hash-distributed by it, all co-located (a project's rows of every table live on
// the same worker, so one project's statements run whole there); tables without it (`project`)
// become reference tables, copied to every worker, so distributed tables may keep their foreign
// keys to them. Idempotent: tables already distributed as intended are left alone, and a table a
// later migration created is distributed on the next run.
import { type Sql, sql } from './sql';
import type { Database, SqlExecutor } from './sql-database';

/** Prisma's own bookkeeping: read by the migration engine on the coordinator only. */
const coordinatorOnlyTables = new Set(['_prisma_migrations']);
export const distributionColumn = 'project_id';

export class CitusMissingError extends Error {}

export interface DistributionPlan {
  referenceTables: string[];
  /** In foreign-key order: a table comes after the tables it references. */
  distributedTables: string[];
}

interface TableRow {
  name: string;
  hasProjectId: boolean;
}

/** What `distributeDatabase` makes of the current schema (also checked by the schema test, without Citus). */
export async function planDistribution(client: SqlExecutor): Promise<DistributionPlan> {
  const tables = await client.query<TableRow>(sql`
    SELECT c.relname AS name,
      EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = ${distributionColumn} AND NOT a.attisdropped) AS "hasProjectId"
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
    ORDER BY c.relname`);
  const references = await client.query<{ table: string; referenced: string }>(sql`
    SELECT c.conrelid::regclass::text AS "table", c.confrelid::regclass::text AS referenced
    FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE c.contype = 'f' AND n.nspname = current_schema()`);
  const unquote = (name: string) => name.replace(/^"(.*)"$/, '$1');
  const eligible = tables.filter((table) => !coordinatorOnlyTables.has(table.name));
  const distributed = eligible.filter((table) => table.hasProjectId).map((table) => table.name);
  const referencedBy = new Map<string, string[]>();
  for (const { table, referenced } of references) {
    const from = unquote(table);
    referencedBy.set(from, [...(referencedBy.get(from) ?? []), unquote(referenced)]);
  }
  return {
    referenceTables: eligible.filter((table) => !table.hasProjectId).map((table) => table.name),
    distributedTables: inDependencyOrder(distributed, referencedBy),
  };
}

function inDependencyOrder(names: string[], referencedBy: Map<string, string[]>): string[] {
  const wanted = new Set(names);
  const ordered: string[] = [];
  const visited = new Set<string>();
  const visit = (name: string) => {
    if (visited.has(name)) return;
    visited.add(name);
    for (const referenced of referencedBy.get(name) ?? []) if (wanted.has(referenced)) visit(referenced);
    ordered.push(name);
  };
  for (const name of names) visit(name);
  return ordered;
}

export async function citusVersion(client: SqlExecutor): Promise<string | null> {
  const [row] = await client.query<{ version: string }>(
    sql`SELECT extversion AS version FROM pg_extension WHERE extname = 'citus'`,
  );
  return row?.version ?? null;
}

export interface DistributionOutcome {
  citusVersion: string;
  workers: number;
  createdReferenceTables: string[];
  createdDistributedTables: string[];
  unchangedTables: number;
}

/** Distributes what is not yet distributed; throws `CitusMissingError` on a server without Citus. */
export async function distributeDatabase(client: Database): Promise<DistributionOutcome> {
  // Distributing a table creates its shards on every worker and copies its rows there: each runs
  // under the long statement timeout, never the request one (a server that distributes a new
  // database at its start must not have that cancelled by a short request timeout).
  const distribute = (statement: Sql) =>
    client.transaction((transaction) => transaction.query(statement), { longRunning: true });
  const version = await citusVersion(client);
  if (!version) {
    const [available] = await client.query<{ available: boolean }>(
      sql`SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'citus') AS available`,
    );
    throw new CitusMissingError(
      available?.available
        ? 'Citus is installed on this PostgreSQL server but not enabled in this database: run CREATE EXTENSION citus as a superuser in it (and on every worker), register the workers with citus_add_node, then run this again.'
        : 'This PostgreSQL server has no Citus: db:distribute only applies to a Citus coordinator (one PostgreSQL needs nothing more than db:migrate). See docs/scaling.md.',
    );
  }
  const [{ workers }] = (await client.query<{ workers: number }>(
    sql`SELECT count(*)::int AS workers FROM pg_dist_node WHERE noderole = 'primary' AND groupid <> 0 AND isactive`,
  )) as [{ workers: number }];
  const existing = await client.query<{ name: string; method: string; column: string | null; colocation: number }>(sql`
    SELECT logicalrelid::regclass::text AS name, partmethod AS method,
      CASE WHEN partmethod = 'h' THEN column_to_column_name(logicalrelid, partkey) END AS column, colocationid AS colocation
    FROM pg_dist_partition`);
  const current = new Map(existing.map((row) => [row.name.replace(/^"(.*)"$/, '$1'), row]));
  const plan = await planDistribution(client);
  const outcome: DistributionOutcome = {
    citusVersion: version,
    workers,
    createdReferenceTables: [],
    createdDistributedTables: [],
    unchangedTables: 0,
  };

  for (const table of plan.referenceTables) {
    const already = current.get(table);
    if (already) {
      if (already.method !== 'n')
        throw new Error(`Table ${table} is distributed by Citus, but should be a reference table.`);
      outcome.unchangedTables++;
      continue;
    }
    await distribute(sql`SELECT create_reference_table(quote_ident(${table})::regclass) AS created`);
    outcome.createdReferenceTables.push(table);
  }

  const anchor = plan.distributedTables.find((table) => current.has(table));
  let colocateWith = anchor ?? null;
  for (const table of plan.distributedTables) {
    const already = current.get(table);
    if (already) {
      const anchorColocation = current.get(anchor!)!.colocation;
      if (already.method !== 'h' || already.column !== distributionColumn || already.colocation !== anchorColocation)
        throw new Error(
          `Table ${table} is already in Citus, but not hash-distributed by ${distributionColumn} and co-located with ${anchor}: undo that with undistribute_table('${table}') and run this again.`,
        );
      outcome.unchangedTables++;
      continue;
    }
    await distribute(sql`
      SELECT create_distributed_table(quote_ident(${table})::regclass, ${distributionColumn},
        colocate_with => ${colocateWith === null ? 'default' : quoteIdentifier(colocateWith)}) AS created`);
    colocateWith ??= table;
    outcome.createdDistributedTables.push(table);
  }
  return outcome;
}

/** `colocate_with` takes a table name as text, parsed like an identifier (`group` is a keyword). */
function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
