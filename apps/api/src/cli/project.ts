// Project administration from the command line (the database must not be open elsewhere when it
// is the embedded one). Keys are shown once: only their hashes are stored.
//
//   npm run project -- list
//   npm run project -- create --name "My product" [--time-zone Europe/Berlin] [--key-actions "A,B"]
//   npm run project -- rotate-secret [--project <id>]
//   npm run project -- rotate-read-key [--project <id>]
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config';
import { DomainError } from '../lib/domain-error';
import { openDataEnvironment } from './data-environment';
import { ProjectRepository, type ProjectRecord } from '../modules/projects/project.repository';

class UsageError extends Error {}

const usage = `Usage: npm run project -- <command> [options]
  list                                   list projects with their ingest keys
  create --name <name> [--time-zone <zone>] [--key-actions <a,b>]
                                         create a project and print its keys
  rotate-secret [--project <id>]         issue a new secret (admin) key; the old one stops working
  rotate-read-key [--project <id>]       issue a new read-only key; the old one stops working
--project may be left out when there is only one project.`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    name: { type: 'string' },
    'time-zone': { type: 'string' },
    'key-actions': { type: 'string' },
    project: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

const command = positionals[0];
if (values.help || !command || !['list', 'create', 'rotate-secret', 'rotate-read-key'].includes(command)) {
  console.log(usage);
  process.exit(values.help ? 0 : 1);
}

const config = loadConfig();
const environment = await openDataEnvironment({ config });
try {
  const { services } = environment;
  const repository = new ProjectRepository(services.database);
  const listProjects = async () =>
    (await Promise.all((await repository.listIds()).map((id) => repository.findById(id)))).filter(
      (project): project is ProjectRecord => project !== null,
    );

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
      const secretKey = await services.projects.rotateSecretKey(project.id);
      console.log(`New secret key for project ${project.id} "${project.name}": ${secretKey}`);
      console.log('The previous secret key no longer works. This one is shown once.');
      break;
    }
    case 'rotate-read-key': {
      const project = await chooseProject();
      const readKey = await services.projects.rotateReadKey(project.id);
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
