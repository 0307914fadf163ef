// What a person starting leadmaps needs to see: where everything is, and the keys to use it.
// Secret and read keys exist in clear text only at creation, so they are printed on the first
// start (and written to an owner-only file in the data folder) and never again (a new one comes
// from `npm run project -- rotate-secret`).
import { existsSync } from 'node:fs';
import type { Logger } from '../../lib/logger';
import { type DemoDataOutcome, type DemoLoaderDependencies, loadDemoDataIfEmpty } from './demo-loader';

/** What the banner needs from the services (the composition root's Services satisfies it). */
export interface StartupBannerDependencies extends DemoLoaderDependencies {
  config: DemoLoaderDependencies['config'] & { publicUrl?: string | null };
  logger: Logger;
}

/** Loads the demo when the database is empty (and enabled), then prints URLs and keys. */
export async function loadDemoDataAndPrintBanner(
  services: StartupBannerDependencies,
  serverUrl: string,
  logger: Logger = services.logger,
): Promise<DemoDataOutcome> {
  const outcome = await loadDemoDataIfEmpty(services, logger);
  const keysFile = services.config.demoKeysFile;
  process.stdout.write(
    startupBanner(services.config.publicUrl ?? serverUrl, outcome, keysFile && existsSync(keysFile) ? keysFile : null),
  );
  return outcome;
}

/** `keysFile`: the demo keys file when it exists, named on later starts. */
export function startupBanner(serverUrl: string, outcome: DemoDataOutcome, keysFile: string | null = null): string {
  const base = serverUrl.replace(/\/+$/, '');
  const lines = [
    '',
    'leadmaps is ready',
    `  Groups page:   ${base}/`,
    `  GraphQL API:   ${base}/graphql`,
    `  Ingest:        ${base}/2/httpapi   (Amplitude HTTP V2)`,
    `                 ${base}/batch       (Amplitude Batch)`,
    `                 ${base}/v1/batch    (Segment)`,
    '',
  ];
  switch (outcome.status) {
    case 'created':
    case 'failed':
      if (outcome.status === 'created' && outcome.repaired)
        lines.push('The demo load of an earlier start was interrupted: its partial data was removed and loaded again.');
      lines.push(
        outcome.status === 'created'
          ? `Demo project "${outcome.project.name}" created with ${outcome.events.toLocaleString('en-US')} generated events (${outcome.seconds.toFixed(1)}s).`
          : `Demo project "${outcome.project.name}" created, but loading its data failed (the next start loads it again): ${outcome.error}`,
        `  Ingest key:  ${outcome.project.ingestKey}   (SDK api_key / write key)`,
        `  Secret key:  ${outcome.secretKey}   (GraphQL, full access: shown only now, store it)`,
        `  Read key:    ${outcome.readKey}   (GraphQL, read-only: shown only now)`,
        '  Use a key as "Authorization: Bearer <key>". Sign in to the dashboard with the secret key to change settings.',
      );
      if (outcome.keysFile) lines.push(`  These keys are also in ${outcome.keysFile} (readable only by you).`);
      break;
    case 'existing':
      lines.push(
        `Project ${outcome.project.id} "${outcome.project.name}": ingest key ${outcome.project.ingestKey}`,
        keysFile
          ? `  The demo keys are in ${keysFile} (readable only by you; npm run project -- keys), unless rotated since.`
          : '  The secret and read keys were shown when the project was created.',
        '  New ones: npm run project -- rotate-secret   (or rotate-read-key; list projects with: npm run project -- list)',
      );
      break;
    case 'disabled':
      lines.push('No project yet (demo data is switched off): npm run project -- create --name "My product"');
      break;
  }
  lines.push('');
  return `${lines.join('\n')}\n`;
}
