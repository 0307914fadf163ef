// Records every statement the server sends to PostgreSQL and judges, from PostgreSQL's own plan,
// whether Citus could route it whole to one project's shards (docs/scaling.md): every scan of a
// distributed table (one with `project_id`) must be restricted to one and the same project id, and
// no INSERT may sit in a CTE (Citus never routes those, see rollup-statements-per-table.ts).
// EXPLAIN, not a text search: the planner applies `l.project_id = e.project_id AND e.project_id = 5`
// to both tables, exactly as Citus's router does, and reports a scan missing it.
import pg from 'pg';

export interface CapturedStatement {
  text: string;
  values: unknown[];
}

/** Starts recording what every pg client of this process sends; `stop` ends it. */
export function captureStatements(): { statements: CapturedStatement[]; stop(): void } {
  const statements: CapturedStatement[] = [];
  const prototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = prototype.query;
  prototype.query = function (this: unknown, ...args: unknown[]) {
    const [first, second] = args;
    if (typeof first === 'string') statements.push({ text: first, values: Array.isArray(second) ? second : [] });
    else if (first && typeof first === 'object' && 'text' in first) {
      const config = first as { text: string; values?: unknown[] };
      statements.push({ text: config.text, values: config.values ?? [] });
    }
    return original.apply(this, args);
  };
  return { statements, stop: () => (prototype.query = original) };
}

interface PlanNode {
  'Node Type': string;
  'Custom Plan Provider'?: string;
  'Distributed Query'?: {
    Job?: { 'Task Count'?: number };
    Subplans?: unknown[];
    'INSERT/SELECT method'?: string;
  };
  'Relation Name'?: string;
  Alias?: string;
  'Index Cond'?: string;
  'Recheck Cond'?: string;
  Filter?: string;
  'Join Filter'?: string;
  Plans?: PlanNode[];
}

export interface ScopingProblem {
  text: string;
  problem: string;
}

/** Statements that are not about one project's data (transactions, settings, catalogs). */
const notData = /^\s*(BEGIN|COMMIT|ROLLBACK|SET |SAVEPOINT|RELEASE|SHOW |LISTEN|NOTIFY|SELECT 1\b|SELECT set_config)/i;

/**
 * Judges each distinct statement on the database at `url`. `multiShard` names the statements that
 * span projects on purpose (sweeps, metrics), each by a fragment of its text.
 */
export async function findUnscopedStatements(
  url: string,
  statements: CapturedStatement[],
  distributedTables: Set<string>,
  multiShard: RegExp[],
): Promise<{ checked: number; unexplained: string[]; problems: ScopingProblem[] }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const problems: ScopingProblem[] = [];
  const seen = new Set<string>();
  const unexplained: string[] = [];
  let checked = 0;
  try {
    // Plans for these parameter values, so a project id shows as the constant it is.
    await client.query('SET plan_cache_mode = force_custom_plan');
    for (const statement of statements) {
      const text = statement.text.trim();
      if (seen.has(text) || notData.test(text) || multiShard.some((pattern) => pattern.test(text))) continue;
      seen.add(text);
      if (/\bAS\s*(MATERIALIZED\s*)?\(\s*INSERT\b/i.test(text)) {
        problems.push({ text, problem: 'an INSERT in a CTE (Citus plans it apart from the rest)' });
        continue;
      }
      let plan: PlanNode;
      try {
        const { rows } = await client.query({
          text: `EXPLAIN (VERBOSE, FORMAT JSON) ${text}`,
          values: statement.values,
        });
        plan = (rows[0]['QUERY PLAN'] as [{ Plan: PlanNode }])[0].Plan;
      } catch {
        // Citus cannot EXPLAIN some parameterised INSERT … SELECTs ("could not create distributed
        // plan"), though it runs them: the caller says whether any may be left unexplained.
        unexplained.push(text);
        continue;
      }
      checked++;
      const problem = judgePlan(plan, distributedTables) ?? judgeCitusPlan(plan);
      if (problem) problems.push({ text, problem });
    }
  } finally {
    await client.end();
  }
  return { checked, unexplained, problems };
}

/** Null when every distributed scan is limited to one project id, else what is wrong. */
export function judgePlan(plan: PlanNode, distributedTables: Set<string>): string | null {
  const projectIds = new Set<string>();
  const unscoped: string[] = [];
  const visit = (node: PlanNode) => {
    const relation = node['Relation Name'];
    // A ModifyTable node names its target; the rows it changes come from scans below it, and an
    // INSERT's own rows carry the project id as a value.
    if (relation && node['Node Type'] !== 'ModifyTable' && distributedTables.has(relation)) {
      const conditions = [node['Index Cond'], node['Recheck Cond'], node.Filter, ...bitmapConditions(node)]
        .filter(Boolean)
        .join(' ');
      const ids = [...conditions.matchAll(/\bproject_id = '?(\d+)'?/g)].map((match) => match[1]!);
      if (!ids.length) unscoped.push(`${relation}${node.Alias && node.Alias !== relation ? ` ${node.Alias}` : ''}`);
      for (const id of ids) projectIds.add(id);
    }
    for (const child of node.Plans ?? []) visit(child);
  };
  visit(plan);
  if (unscoped.length) return `scans ${unscoped.join(', ')} without a project id`;
  if (projectIds.size > 1) return `reads several projects (${[...projectIds].join(', ')})`;
  return null;
}

/**
 * On a Citus coordinator the plan says how Citus runs the statement: null when it goes whole to
 * one shard (or never reaches a distributed table), else how it is split.
 */
export function judgeCitusPlan(plan: PlanNode): string | null {
  const problems: string[] = [];
  const visit = (node: PlanNode) => {
    const distributed = node['Distributed Query'];
    if (node['Custom Plan Provider']?.startsWith('Citus') && distributed) {
      const tasks = distributed.Job?.['Task Count'] ?? 1;
      if (tasks > 1) problems.push(`runs on ${tasks} shards`);
      if (distributed.Subplans?.length) problems.push(`planned in ${distributed.Subplans.length + 1} parts`);
      // "pull to coordinator" evaluates the SELECT (rows from parameters, or one shard's rows,
      // checked by the Task Count of its own scan) and sends the rows to the project's shard: one
      // shard either way. Repartitioning spreads rows over shards.
      const method = distributed['INSERT/SELECT method'];
      if (method && method !== 'pull to coordinator') problems.push(`INSERT … SELECT by ${method}`);
    }
    for (const child of node.Plans ?? []) visit(child);
  };
  visit(plan);
  return problems.length ? problems.join(', ') : null;
}

function bitmapConditions(node: PlanNode): string[] {
  if (node['Node Type'] !== 'Bitmap Heap Scan') return [];
  const conditions: string[] = [];
  const visit = (child: PlanNode) => {
    if (child['Index Cond']) conditions.push(child['Index Cond']);
    for (const grandchild of child.Plans ?? []) visit(grandchild);
  };
  for (const child of node.Plans ?? []) visit(child);
  return conditions;
}
