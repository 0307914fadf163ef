// A folder in an OS process of its own, as another leadmaps server on the same database would
// run one: its own connections (named by `application_name`, so tests can find them in
// pg_stat_activity), its own RollupFolder. Folds everything queued, prints its statistics as one
// JSON line and exits. Usage: tsx rollup-fold-process.ts <database url> <queue rows per fold>
import { openDatabase } from '../../apps/api/src/database/database';
import { createLogger } from '../../apps/api/src/lib/logger';
import { RollupFolder } from '../../apps/api/src/modules/rollups/rollup-folder';

const [url, queueRowsPerFold] = process.argv.slice(2);
if (!url || !queueRowsPerFold) throw new Error('usage: rollup-fold-process.ts <database url> <queue rows per fold>');
const database = await openDatabase({ kind: 'server', url }, { migrate: false });
const folder = new RollupFolder(database.sql, createLogger('silent'), {
  foldDelayMilliseconds: 0,
  maximumQueueRowsPerFold: Number(queueRowsPerFold),
});
try {
  await folder.sweep();
  await folder.catchUpAll();
} finally {
  await folder.stop();
  await database.close();
}
process.stdout.write(`${JSON.stringify(folder.statistics)}\n`);
