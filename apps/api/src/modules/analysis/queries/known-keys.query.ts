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

/**
 * Event types and event property keys of the latest events, as suggestions for a chart form:
 * a backward walk of the primary key over `sampleSize` rows, so it costs the same at any size.
 * Names seen only in older events are missing; they can still be typed.
 */
export function buildRecentEventNamesSql(projectId: number, sampleSize: number): Sql {
  return sql`
    WITH recent AS (
      SELECT e.event_type, e.properties FROM event e WHERE e.project_id = ${projectId} ORDER BY e.id DESC LIMIT ${sampleSize})
    SELECT 'EVENT_TYPE' AS kind, r.event_type AS name FROM recent r
    UNION
    SELECT 'EVENT_PROPERTY', k.key FROM recent r CROSS JOIN LATERAL jsonb_object_keys(r.properties) AS k(key)
      WHERE jsonb_typeof(r.properties) = 'object'
    ORDER BY kind, name`;
}
