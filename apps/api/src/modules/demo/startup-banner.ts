// What a person starting leadmaps needs to see: where everything is, and the keys to use it.
// Secret and read keys exist in clear text only at creation, so they are printed on the first
// start and never again (a new one comes from `npm run project -- rotate-secret`).
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
  process.stdout.write(startupBanner(services.config.publicUrl ?? serverUrl, outcome));
  return outcome;
}

export function startupBanner(serverUrl: string, outcome: DemoDataOutcome): string {
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
      lines.push(
        outcome.status === 'created'
          ? `Demo project "${outcome.project.name}" created with ${outcome.events.toLocaleString('en-US')} generated events (${outcome.seconds.toFixed(1)}s).`
          : `Demo project "${outcome.project.name}" created, but loading its data failed: ${outcome.error}`,
        `  Ingest key:  ${outcome.project.ingestKey}   (SDK api_key / write key)`,
        `  Secret key:  ${outcome.secretKey}   (GraphQL, full access: shown only now, store it)`,
        `  Read key:    ${outcome.readKey}   (GraphQL, read-only: shown only now)`,
        '  Use a key as "Authorization: Bearer <key>".',
      );
      break;
    case 'existing':
      lines.push(
        `Project ${outcome.project.id} "${outcome.project.name}": ingest key ${outcome.project.ingestKey}`,
        '  The secret and read keys were shown when the project was created.',
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
