// Project administration from the command line. Keys are shown once: only their hashes are stored.
// The embedded database serves one process: while the server runs, the command talks to the
// server's GraphQL API instead, given the project's secret key (LEADMAPS_SECRET_KEY), or says how.
//
//   npm run project -- list
//   npm run project -- create --name "My product" [--time-zone Europe/Berlin] [--key-actions "A,B"]
//   npm run project -- rotate-secret [--project <id>]
//   npm run project -- rotate-read-key [--project <id>]
//   npm run project -- keys
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config';
import { DataDirectoryLockedError } from '../database/data-directory-lock';
import { DomainError } from '../lib/domain-error';
import { openDataEnvironment, type DataEnvironment } from './data-environment';
import { runRemoteProjectCommand } from './project-remote';
import { ProjectRepository, type ProjectRecord } from '../modules/projects/project.repository';

class UsageError extends Error {}

const usage = `Usage: npm run project -- <command> [options]
  list                                   list projects with their ingest keys
  create --name <name> [--time-zone <zone>] [--key-actions <a,b>]
                                         create a project and print its keys
  rotate-secret [--project <id>]         issue a new secret (admin) key; the old one stops working
  rotate-read-key [--project <id>]       issue a new read-only key; the old one stops working
  keys                                   show the demo project's keys written at the first start
--project may be left out when there is only one project.
While the server runs on the embedded database, the command goes through the server instead:
  LEADMAPS_SECRET_KEY=lm_secret_… npm run project -- <command> [--url http://127.0.0.1:3000]
(the secret key of the project; the first start writes the demo's to LEADMAPS_DATA_DIR/demo-keys.txt).`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    name: { type: 'string' },
    'time-zone': { type: 'string' },
    'key-actions': { type: 'string' },
    project: { type: 'string' },
    url: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

const command = positionals[0];
if (values.help || !command || !['list', 'create', 'rotate-secret', 'rotate-read-key', 'keys'].includes(command)) {
  console.log(usage);
  process.exit(values.help ? 0 : 1);
}

const config = loadConfig();
if (command === 'keys') {
  // A file, not the database: the keys exist in clear text nowhere else (only their hashes are stored).
  const file = config.demoKeysFile;
  if (file && existsSync(file)) {
    console.log(`${file} (readable only by you; keys rotated since no longer work):\n`);
    console.log(readFileSync(file, 'utf8'));
  } else {
    console.log(
      'No demo keys file (it is written at the first start that loads the demo, in LEADMAPS_DATA_DIR).\n' +
        'Issue new keys with: npm run project -- rotate-secret   (or rotate-read-key)',
    );
  }
  process.exit(0);
}

const serverUrl = values.url ?? config.publicUrl ?? `http://127.0.0.1:${config.port}`;
const remoteSecretKey = process.env.LEADMAPS_SECRET_KEY?.trim();

let environment: DataEnvironment;
try {
  if (values.url) throw new DataDirectoryLockedError('--url asks for the running server');
  environment = await openDataEnvironment({ config });
} catch (error) {
  if (!(error instanceof DataDirectoryLockedError)) throw error;
  if (!remoteSecretKey) {
    console.error(
      `${values.url ? '--url needs the project secret key.' : error.message}\n\n` +
        'To run this command through the running server instead, give it the project secret key:\n' +
        `  LEADMAPS_SECRET_KEY=lm_secret_… npm run project -- ${process.argv.slice(2).join(' ')}${values.url ? '' : ` --url ${serverUrl}`}\n` +
        `The demo project's keys are in ${config.demoKeysFile ?? 'LEADMAPS_DATA_DIR/demo-keys.txt'} when the first start created them.`,
    );
    process.exit(1);
  }
  try {
    await runRemoteProjectCommand(command, values, { url: serverUrl, secretKey: remoteSecretKey });
  } catch (remoteError) {
    console.error(remoteError instanceof Error ? remoteError.message : remoteError);
    process.exitCode = 1;
  }
  process.exit();
}
try {
  const { services } = environment;
  const repository = new ProjectRepository(services.database);
  const listProjects = () => repository.listAll();

  const chooseProject = async (): Promise<ProjectRecord> => {
    if (values.project) {
      const project = await repository.findById(Number(values.project));
      if (!project) throw new UsageError(`No project with id ${values.project}.`);
      return project;
    }
    const projects = await listProjects();
    if (projects.length === 1) return projects[0]!;
    throw new UsageError(
      projects.length
        ? 'There are several projects: choose one with --project <id> (see `npm run project -- list`).'
        : 'There is no project yet: create one with `npm run project -- create --name <name>`.',
    );
  };

  switch (command) {
    case 'list': {
      const projects = await listProjects();
      if (!projects.length) console.log('No projects.');
      for (const project of projects) {
        console.log(`${project.id}  ${project.name}  (time zone ${project.timeZone})`);
        console.log(`    ingest key:  ${project.ingestKey}`);
        console.log(`    key actions: ${project.keyActions.join(', ') || '(none)'}`);
      }
      break;
    }
    case 'create': {
      if (!values.name) throw new UsageError('create needs --name <name>.');
      const keyActions = values['key-actions']
        ?.split(',')
        .map((name) => name.trim())
        .filter(Boolean);
      const { project, secretKey, readKey } = await services.projects.createProject({
        name: values.name,
        timeZone: values['time-zone'],
        keyActions,
      });
      console.log(`Created project ${project.id} "${project.name}" (time zone ${project.timeZone})`);
      console.log(`  ingest key: ${project.ingestKey}`);
      console.log(`  secret key: ${secretKey}   (shown once: store it now)`);
      console.log(`  read key:   ${readKey}   (shown once: store it now)`);
      break;
    }
    case 'rotate-secret': {
      const project = await chooseProject();
      const secretKey = await services.keyManagement.rotate(project.id, 'secret', 'command_line');
      console.log(`New secret key for project ${project.id} "${project.name}": ${secretKey}`);
      console.log('The previous secret key no longer works. This one is shown once.');
      break;
    }
    case 'rotate-read-key': {
      const project = await chooseProject();
      const readKey = await services.keyManagement.rotate(project.id, 'read', 'command_line');
      console.log(`New read key for project ${project.id} "${project.name}": ${readKey}`);
      console.log('The previous read key no longer works. This one is shown once.');
      break;
    }
  }
} catch (error) {
  process.exitCode = 1;
  console.error(
    error instanceof UsageError ? `${error.message}\n\n${usage}` : error instanceof DomainError ? error.message : error,
  );
} finally {
  await environment.close();
}
