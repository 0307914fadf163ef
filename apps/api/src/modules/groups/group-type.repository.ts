import { sql } from '../../database/sql';
import type { SqlExecutor } from '../../database/sql-database';
import { advisoryLockKeys } from '../../lib/advisory-lock-keys';

export const maximumGroupTypesPerProject = 5;

export interface GroupTypeRecord {
  id: number;
  name: string;
  nameProperty: string;
}

export async function listGroupTypes(client: SqlExecutor, projectId: number): Promise<GroupTypeRecord[]> {
  return client.query<GroupTypeRecord>(sql`
    SELECT id, name, name_property AS "nameProperty" FROM group_type WHERE project_id = ${projectId} ORDER BY id`);
}

/**
 * Creates the named group types that fit under the limit of five per project; returns every
 * group type of the project afterwards. A transaction-scoped advisory lock serialises creation per
 * project, so two concurrent batches cannot both take the fifth slot.
 */
export async function createGroupTypes(
  client: SqlExecutor,
  projectId: number,
  names: string[],
): Promise<GroupTypeRecord[]> {
  await client.execute(sql`SELECT pg_advisory_xact_lock(${advisoryLockKeys.groupTypes}, ${projectId})`);
  const existing = await listGroupTypes(client, projectId);
  const known = new Set(existing.map((type) => type.name));
  const freeIds = [0, 1, 2, 3, 4].filter((id) => !existing.some((type) => type.id === id));
  const toCreate = names.filter((name) => !known.has(name)).slice(0, freeIds.length);
  for (const [index, name] of toCreate.entries()) {
    await client.execute(sql`
      INSERT INTO group_type (project_id, id, name) VALUES (${projectId}, ${freeIds[index]!}, ${name})
      ON CONFLICT DO NOTHING`);
  }
  return toCreate.length ? listGroupTypes(client, projectId) : existing;
}
