// The names a definition may use, for checking it and for listing them when it names one that
// does not exist.
import { sql, type Sql } from '../../../database/sql';

export function buildGroupPropertyKeysSql(projectId: number): Sql {
  return sql`SELECT key FROM group_property_key WHERE project_id = ${projectId} ORDER BY key`;
}

/**
 * Event property keys have no registry (ingest keeps none), so they are read from the events:
 * a scan of the project's events, paid only by definitions that use an event property.
 */
export function buildEventPropertyKeysSql(projectId: number): Sql {
  return sql`SELECT DISTINCT k.key FROM event e CROSS JOIN LATERAL jsonb_object_keys(e.properties) AS k(key)
    WHERE e.project_id = ${projectId} AND jsonb_typeof(e.properties) = 'object' ORDER BY k.key`;
}
