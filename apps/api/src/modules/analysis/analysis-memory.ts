// What the analysis module keeps in memory between requests, one instance per server shared by
// segmentation, funnels and retention (so a range's rollup rows read for one serve the others):
// rollup rows per group and day (group-days-cache.ts), the groups' labels under a chart's group
// filters (group-labels-cache.ts) and per-group event times of one type (group-event-times-cache.ts).
import type { SqlExecutor } from '../../database/sql-database';
import { GroupDaysCache } from './group-days-cache';
import { GroupEventTimesCache } from './group-event-times-cache';
import { GroupLabelsCache } from './group-labels-cache';
import { buildRollupVersionSql, type RollupVersion } from './queries/group-days.query';

/** Half the two minutes the folds keep their records of changed groups (rollup-folder.ts). */
const keepCurrentMilliseconds = 30_000;

export class AnalysisMemory {
  readonly groupDays = new GroupDaysCache();
  readonly groupLabels = new GroupLabelsCache();
  readonly eventTimes = new GroupEventTimesCache();
  private keepCurrentTimer: NodeJS.Timeout | null = null;

  /**
   * Applies the folds' changes to the kept rollup rows and event times every 30 s, between
   * requests: an entry not asked for more than two minutes would otherwise be read whole again
   * (the event times of a funnel: 26–62 s at 10M events on a busy machine).
   */
  startKeepingCurrent(client: SqlExecutor, onError: (error: unknown) => void): void {
    if (this.keepCurrentTimer) return;
    let running = false;
    this.keepCurrentTimer = setInterval(() => {
      if (running) return;
      running = true;
      // One probe per project and round, whatever its number of entries.
      const lastFoldIds = new Map<number, Promise<bigint | null>>();
      const lastFoldIdOf = (projectId: number) => {
        let lastFoldId = lastFoldIds.get(projectId);
        if (!lastFoldId) {
          lastFoldId = this.version(client, projectId).then((version) => version.lastFoldId);
          lastFoldIds.set(projectId, lastFoldId);
        }
        return lastFoldId;
      };
      void Promise.all([
        this.groupDays.keepCurrent(client, lastFoldIdOf),
        this.eventTimes.keepCurrent(client, lastFoldIdOf),
      ])
        .catch(onError)
        .finally(() => {
          running = false;
        });
    }, keepCurrentMilliseconds);
    this.keepCurrentTimer.unref();
  }

  stop(): void {
    if (this.keepCurrentTimer) clearInterval(this.keepCurrentTimer);
    this.keepCurrentTimer = null;
  }

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
