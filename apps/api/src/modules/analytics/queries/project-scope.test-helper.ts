// The check every read-side SQL test uses: each read of a base table is constrained by
// project_id bound to the project's id, before any other condition, and the id is never spliced
// into the text. A query that forgets the scope fails its test, in review, rather than leaking
// another tenant's rows.
import { expect } from 'vitest';

const tables = [
  'group_daily',
  'group_user_daily',
  'group_member',
  'group',
  'group_type',
  'event_group',
  'event',
  'app_user',
  'membership',
  'group_property_change',
  'group_event_type_daily',
  'rollup_change',
  'rollup_fold_state',
  'rollup_queue',
  'cohort_member',
  'cohort_size',
  'cohort_membership_change',
  'cohort',
];

const keywords = new Set(['WHERE', 'ON', 'JOIN', 'LEFT', 'SET', 'GROUP', 'ORDER', 'LIMIT', 'CROSS', 'AS']);

/** Every read or write of a base table, with its alias and the text up to the next one. */
function tableReads(text: string) {
  const pattern = new RegExp(
    `\\b(FROM|JOIN|UPDATE)\\s+"?(${tables.join('|')})"?(?![\\w(])(?:\\s+(?:AS\\s+)?(\\w+))?`,
    'g',
  );
  const matches = [...text.matchAll(pattern)];
  return matches.map((match, index) => ({
    table: match[2]!,
    alias: match[3] && !keywords.has(match[3]) ? match[3] : null,
    clause: text.slice(match.index!, matches[index + 1]?.index ?? text.length),
  }));
}

export function expectScoped(statement: { text: string; values: unknown[] }, projectId: number) {
  const reads = tableReads(statement.text);
  expect(reads.length).toBeGreaterThan(0);
  for (const read of reads) {
    // Unaliased: the read's own clause scopes it. Aliased: the alias is scoped somewhere in the statement.
    const scope = read.alias
      ? new RegExp(`\\b${read.alias}\\.project_id = (?:\\$(\\d+)|\\w+\\.project_id)`).exec(statement.text)
      : /(?:WHERE|ON)\s+project_id = \$(\d+)/.exec(read.clause);
    expect(scope, `${read.table} ${read.alias ?? ''} without a project scope:\n${read.clause}`).not.toBeNull();
    if (scope![1]) expect(statement.values[Number(scope![1]) - 1]).toBe(projectId);
  }
  // The project id is always a bound parameter, never spliced into the text.
  expect(statement.text).not.toContain(String(projectId));
}
