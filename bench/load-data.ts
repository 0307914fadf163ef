// Loading generated data for benchmarks: open a database (configured, or one given), create a
// project and stream the synthetic B2B dataset into it through the real ingest service.
//
//   const environment = await openDataEnvironment({ database: { kind: 'server', url } });
//   const { project, secretKey, summary } = await createProjectWithGeneratedData(environment.services, {
//     name: 'bench 1M', generator: { seed: 1, accounts: 5_000, events: 1_000_000 }, onProgress: printProgress,
//   });
import type { LoadProgress } from '../apps/api/src/modules/demo/load-generated-events';

export {
  createProjectWithGeneratedData,
  openDataEnvironment,
  type DataEnvironment,
  type ProjectWithData,
} from '../apps/api/src/cli/data-environment';
export {
  loadGeneratedEvents,
  type LoadProgress,
  type LoadSummary,
} from '../apps/api/src/modules/demo/load-generated-events';
export {
  generateEventBatches,
  planGeneration,
  type GeneratorOptions,
} from '../apps/api/src/modules/demo/generator/generate-events';

export function formatLoadProgress(progress: LoadProgress): string {
  const percent = Math.min(100, (100 * progress.events) / Math.max(1, progress.estimatedEvents));
  return `${progress.events.toLocaleString('en-US')} events (${percent.toFixed(0)}%), ${progress.eventsPerSecond.toLocaleString('en-US')} events/s, ${progress.seconds.toFixed(1)}s`;
}

/** A progress callback that prints at most once a second, to stderr so stdout stays for results. */
export function throttledProgressPrinter(
  prefix = 'loading',
  intervalMilliseconds = 1000,
): (progress: LoadProgress) => void {
  let last = 0;
  return (progress) => {
    const now = Date.now();
    if (now - last < intervalMilliseconds) return;
    last = now;
    process.stderr.write(`${prefix}: ${formatLoadProgress(progress)}\n`);
  };
}
