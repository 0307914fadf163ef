// `npm run project` through a running server, for when the server holds the embedded database
// (PGlite serves one process, so the command line cannot open it beside the server). The server
// runs the same services as the direct path; the project secret key says which project.

export interface RemoteProjectOptions {
  url: string;
  secretKey: string;
}

interface GraphqlAnswer<T> {
  data?: T | null;
  errors?: { message: string }[];
}

async function request<T>(options: RemoteProjectOptions, query: string, variables: object = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${options.url.replace(/\/+$/, '')}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${options.secretKey}` },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new Error(
      `Could not reach a leadmaps server at ${options.url}. Is it running? Set --url if it listens elsewhere.`,
    );
  }
  const answer = (await response.json().catch(() => null)) as GraphqlAnswer<T> | null;
  if (answer?.errors?.length) throw new Error(answer.errors.map((error) => error.message).join('\n'));
  if (!answer?.data) throw new Error(`The server at ${options.url} answered with status ${response.status}.`);
  return answer.data;
}

interface RemoteProject {
  id: number;
  name: string;
  timeZone: string;
  ingestKey: string | null;
  keyActions: string[];
}

const projectFields = 'id name timeZone ingestKey keyActions';

export async function runRemoteProjectCommand(
  command: string,
  values: { name?: string; 'time-zone'?: string; project?: string },
  options: RemoteProjectOptions,
): Promise<void> {
  const { project } = await request<{ project: RemoteProject }>(options, `{ project { ${projectFields} } }`);
  if (values.project && Number(values.project) !== project.id && command !== 'create') {
    throw new Error(
      `The secret key belongs to project ${project.id}, not ${values.project}: use that project's secret key.`,
    );
  }
  switch (command) {
    case 'list':
      console.log(`${project.id}  ${project.name}  (time zone ${project.timeZone})`);
      console.log(`    ingest key:  ${project.ingestKey}`);
      console.log(`    key actions: ${project.keyActions.join(', ') || '(none)'}`);
      console.log('(Through the running server a secret key shows its own project only.)');
      return;
    case 'create': {
      if (!values.name) throw new Error('create needs --name <name>.');
      const { createProject } = await request<{
        createProject: { project: RemoteProject; secretKey: string; readKey: string };
      }>(
        options,
        `mutation ($name: String!, $timeZone: String) { createProject(name: $name, timeZone: $timeZone) {
          project { ${projectFields} } secretKey readKey } }`,
        { name: values.name, timeZone: values['time-zone'] ?? null },
      );
      const created = createProject.project;
      console.log(`Created project ${created.id} "${created.name}" (time zone ${created.timeZone})`);
      console.log(`  ingest key: ${created.ingestKey}`);
      console.log(`  secret key: ${createProject.secretKey}   (shown once: store it now)`);
      console.log(`  read key:   ${createProject.readKey}   (shown once: store it now)`);
      return;
    }
    case 'rotate-secret': {
      const { rotateSecretKey } = await request<{ rotateSecretKey: string }>(options, 'mutation { rotateSecretKey }');
      console.log(`New secret key for project ${project.id} "${project.name}": ${rotateSecretKey}`);
      console.log('The previous secret key no longer works. This one is shown once.');
      return;
    }
    case 'rotate-read-key': {
      const { rotateReadKey } = await request<{ rotateReadKey: string }>(options, 'mutation { rotateReadKey }');
      console.log(`New read key for project ${project.id} "${project.name}": ${rotateReadKey}`);
      console.log('The previous read key no longer works. This one is shown once.');
      return;
    }
  }
}
