// Generates the synthetic B2B dataset: into the configured database through the ingest service
// (a new project, or --project-id), or as NDJSON Amplitude events with --ndjson <file|->.
//
//   npm run generate:data -- --accounts 2000 --events 1000000 --seed 7
//   npm run generate:data -- --events 50000 --ndjson events.ndjson
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config';
import { defaultKeyActions } from '../modules/demo/generator/catalog';
import {
  generateEventBatches,
  type GeneratorOptions,
  generatorDefaults,
  planGeneration,
} from '../modules/demo/generator/generate-events';
import { openDataEnvironment } from './data-environment';
import { loadGeneratedEvents, type LoadProgress } from '../modules/demo/load-generated-events';
import type { ProjectRecord } from '../modules/projects/project.repository';

const usage = `Usage: npm run generate:data -- [options]
  --accounts <n>        accounts, the worked example included (default ${generatorDefaults.accounts})
  --people-scale <x>    multiply every account's head count (default 1: ~7.5 people per account)
  --events <n>          approximate number of product events (default ${generatorDefaults.events})
  --days <n>            days of history (default ${generatorDefaults.days})
  --seed <value>        seed: the same seed and options give the same events (default ${generatorDefaults.seed})
  --end-date <iso>      the data ends at this instant (default now)
  --key-actions <list>  comma-separated key action event types (default "${defaultKeyActions.join(',')}")
  --batch-size <n>      events per ingest batch (default ${generatorDefaults.batchSize}, at most 2000)
  --ndjson <file|->     write Amplitude events as NDJSON instead of ingesting them
  --project-id <id>     ingest into this existing project instead of creating one
  --project-name <name> name of the project to create (default "Generated data (seed <seed>)")
  --time-zone <zone>    time zone of the project to create (default UTC)`;

const { values } = parseArgs({
  options: {
    accounts: { type: 'string' },
    events: { type: 'string' },
    'people-scale': { type: 'string' },
    days: { type: 'string' },
    seed: { type: 'string' },
    'end-date': { type: 'string' },
    'key-actions': { type: 'string' },
    'batch-size': { type: 'string' },
    ndjson: { type: 'string' },
    'project-id': { type: 'string' },
    'project-name': { type: 'string' },
    'time-zone': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  console.log(usage);
  process.exit(0);
}

function positiveInteger(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(value) || value <= 0) fail(`--${name} must be a positive integer, got "${raw}".`);
  return value;
}

function positiveNumber(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || value > 100)
    fail(`--${name} must be a number above 0 and at most 100, got "${raw}".`);
  return value;
}

function fail(message: string): never {
  console.error(`${message}\n\n${usage}`);
  process.exit(1);
}

const endDate = values['end-date'] ? new Date(values['end-date']) : new Date();
if (Number.isNaN(endDate.getTime())) fail(`--end-date must be an ISO date, got "${values['end-date']}".`);
const seedText = values.seed ?? String(generatorDefaults.seed);
const generator: GeneratorOptions = {
  seed: /^\d+$/.test(seedText) ? Number(seedText) : seedText,
  accounts: positiveInteger('accounts', values.accounts, generatorDefaults.accounts),
  events: positiveInteger('events', values.events, generatorDefaults.events),
  peopleScale: positiveNumber('people-scale', values['people-scale'], 1),
  days: positiveInteger('days', values.days, generatorDefaults.days),
  batchSize: Math.min(2000, positiveInteger('batch-size', values['batch-size'], generatorDefaults.batchSize)),
  endDate,
  keyActions: values['key-actions']
    ?.split(',')
    .map((name) => name.trim())
    .filter(Boolean),
};

let lastPrinted = 0;
function printProgress(progress: LoadProgress, force = false): void {
  const now = Date.now();
  if (!force && now - lastPrinted < 1000) return;
  lastPrinted = now;
  const percent = Math.min(100, (100 * progress.events) / Math.max(1, progress.estimatedEvents));
  process.stderr.write(
    `${progress.events.toLocaleString('en-US')} events (${percent.toFixed(0)}%), ${progress.eventsPerSecond.toLocaleString('en-US')} events/s\n`,
  );
}

const plan = planGeneration(generator);
process.stderr.write(
  `Generating ~${plan.estimatedEvents.toLocaleString('en-US')} events for ${plan.accounts.length} accounts, ` +
    `${plan.rangeStart.toISOString().slice(0, 10)} to ${plan.endDate.toISOString()} (seed ${plan.seed}).\n`,
);

if (values.ndjson !== undefined) {
  await writeNdjson(values.ndjson);
} else {
  await ingestIntoDatabase();
}

async function writeNdjson(target: string): Promise<void> {
  const output = target === '-' ? process.stdout : createWriteStream(target);
  const started = performance.now();
  let events = 0;
  for (const batch of generateEventBatches(generator)) {
    events += batch.length;
    let text = '';
    for (const event of batch) text += `${JSON.stringify(event)}\n`;
    if (!output.write(text)) await once(output, 'drain');
    const seconds = (performance.now() - started) / 1000;
    printProgress({
      events,
      estimatedEvents: plan.estimatedEvents,
      seconds,
      eventsPerSecond: Math.round(events / Math.max(seconds, 1e-3)),
    });
  }
  if (output !== process.stdout) {
    output.end();
    await once(output, 'finish');
  }
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write(
    `Wrote ${events.toLocaleString('en-US')} events to ${target === '-' ? 'stdout' : target} in ${seconds.toFixed(1)}s.\n`,
  );
}

async function ingestIntoDatabase(): Promise<void> {
  const config = loadConfig();
  if (config.database.kind === 'embedded') {
    process.stderr.write(
      `Using the embedded database in ${config.database.dataDirectory}: stop the leadmaps server first, one process at a time can open it.\n`,
    );
  }
  const environment = await openDataEnvironment({ config });
  try {
    const { services } = environment;
    let created: { secretKey: string; readKey: string } | null = null;
    let project: ProjectRecord | null;
    if (values['project-id']) {
      project = await services.projects.getProject(positiveInteger('project-id', values['project-id'], 0));
      if (!project) fail(`No project with id ${values['project-id']}.`);
      generator.keyActions ??= project.keyActions.length ? project.keyActions : undefined;
    } else {
      const result = await services.projects.createProject({
        name: values['project-name'] ?? `Generated data (seed ${seedText})`,
        timeZone: values['time-zone'] ?? 'UTC',
        keyActions: [...(generator.keyActions ?? defaultKeyActions)],
      });
      project = result.project;
      created = result;
    }
    const summary = await loadGeneratedEvents(services.ingest, project, generator, (progress) =>
      printProgress(progress),
    );
    process.stderr.write(
      `Ingested ${summary.ingested.toLocaleString('en-US')} of ${summary.events.toLocaleString('en-US')} events in ${summary.seconds.toFixed(1)}s ` +
        `(${summary.eventsPerSecond.toLocaleString('en-US')} events/s; ${summary.duplicates} duplicates).\n`,
    );
    console.log(`Project ${project.id} "${project.name}"`);
    console.log(`  ingest key: ${project.ingestKey}`);
    if (created) {
      console.log(`  secret key: ${created.secretKey}   (shown once)`);
      console.log(`  read key:   ${created.readKey}   (shown once)`);
    }
  } finally {
    await environment.close();
  }
}
