// Recomputes every rollup from stored events and their group attributions: after a migration that
// changes rollups, a project time-zone change, or to repair. Runs one project at a time, each in
// its own transaction, with progress. Usage: npm run db:rebuild-rollups [-- --project=<id>]
import { loadConfig } from '../config/config';
import { withLongStatementTimeout } from '../database/adapter';
import { openDatabase } from '../database/database';
import { emptySql, sql } from '../database/sql';
import { rebuildRollups } from '../modules/rollups/rebuild.repository';
import { parseRebuildRollupsOptions, rebuildRollupsUsage } from './rebuild-rollups-options';

const options = parseRebuildRollupsOptions(process.argv.slice(2));
if ('problem' in options) {
  console.error(`${options.problem}\n${rebuildRollupsUsage}`);
  process.exit(2);
}
const onlyProject = options.projectId;
const config = loadConfig();
const database = await openDatabase(withLongStatementTimeout(config.database));
try {
  const only = onlyProject === undefined ? emptySql : sql`WHERE id = ${onlyProject}`;
  const projects = await database.sql.query<{ id: number; name: string }>(
    sql`SELECT id, name FROM project ${only} ORDER BY id`,
  );
  if (!projects.length)
    console.log(onlyProject === undefined ? 'No projects: nothing to rebuild.' : `No project with id ${onlyProject}.`);
  for (const [position, project] of projects.entries()) {
    const started = Date.now();
    const [{ links }] = await database.sql.query<{ links: number }>(sql`
      SELECT count(*)::int AS links FROM event_group WHERE project_id = ${project.id}`);
    console.log(
      `[${position + 1}/${projects.length}] project ${project.id} "${project.name}": rebuilding from ${links} event attributions…`,
    );
    await database.sql.transaction((transaction) => rebuildRollups(transaction, project.id));
    console.log(
      `[${position + 1}/${projects.length}] project ${project.id} done in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }
} finally {
  await database.close();
}
