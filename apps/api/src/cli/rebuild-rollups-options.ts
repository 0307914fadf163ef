// Command-line options of `npm run db:rebuild-rollups`. parseArgs reads `--project 5` and
// `--project=5` alike (npm passes whatever follows `--` through unchanged).
import { parseArgs } from 'node:util';

export const rebuildRollupsUsage = 'Usage: npm run db:rebuild-rollups [-- --project=<id>]';

/** The project to rebuild (undefined: every project), or a problem to print with the usage. */
export function parseRebuildRollupsOptions(argv: string[]): { projectId: number | undefined } | { problem: string } {
  let values: { project?: string };
  try {
    const options = { project: { type: 'string' } } as const;
    ({ values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false }));
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
  if (values.project === undefined) return { projectId: undefined };
  const projectId = Number(values.project);
  if (Number.isInteger(projectId) && projectId > 0) return { projectId };
  return { problem: `--project must be a project id, not "${values.project}"` };
}
