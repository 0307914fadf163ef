// What the analysis module keeps in memory between requests, one instance per server shared by
// segmentation, funnels and retention (so a range's rollup rows read for one serve the others):
// rollup rows per group and day (group-days-cache.ts), the groups' labels under a chart's group
// filters (group-labels-cache.ts) and per-group event times of one type (group-event-times-cache.ts).
import type { SqlExecutor } from '../../database/sql-database';
import { GroupDaysCache } from './group-days-cache';
import { GroupEventTimesCache } from './group-event-times-cache';
import { GroupLabelsCache } from './group-labels-cache';
import { buildRollupVersionSql, type RollupVersion } from './queries/group-days.query';

export class AnalysisMemory {
  readonly groupDays = new GroupDaysCache();
  readonly groupLabels = new GroupLabelsCache();
  readonly eventTimes = new GroupEventTimesCache();

  /** Where the rollups and the groups' properties stand (three index probes). */
  async version(client: SqlExecutor, projectId: number): Promise<RollupVersion> {
    return (await client.query<RollupVersion>(buildRollupVersionSql(projectId)))[0]!;
  }

  forgetProject(projectId: number): void {
    this.groupDays.forgetProject(projectId);
    this.groupLabels.forgetProject(projectId);
    this.eventTimes.forgetProject(projectId);
  }
}
