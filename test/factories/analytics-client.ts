// Sends a scenario through the real ingest endpoint and reads the analytics GraphQL API.
import { graphql, postJson } from '../support/test-server';
import { buildScenario, scenarioKeyActions, scenarioTimeZone, type ScenarioBatch } from './analytics-scenario';

interface ServerLike {
  url: string;
  services: {
    projects: {
      createProject(input: {
        name: string;
        timeZone?: string;
        keyActions?: string[];
      }): Promise<{ project: { id: number; ingestKey: string }; secretKey: string; readKey: string }>;
    };
  };
}

export interface LoadedScenario {
  batches: ScenarioBatch[];
  secretKey: string;
  readKey: string;
  projectId: number;
  ingestKey: string;
  timeZone: string;
  duplicatesReported: number;
  /** `duplicates_ignored` of each batch's answer, in the order of `batches`. */
  duplicatesByBatch: number[];
}

export async function loadScenario(
  server: ServerLike,
  options: { keyActions?: string[]; timeZone?: string } = {},
): Promise<LoadedScenario> {
  const timeZone = options.timeZone ?? scenarioTimeZone;
  const created = await server.services.projects.createProject({
    name: `Analytics ${timeZone}`,
    timeZone,
    keyActions: options.keyActions ?? scenarioKeyActions,
  });
  const batches = buildScenario();
  const duplicatesByBatch: number[] = [];
  for (const batch of batches) {
    const response = await postJson(`${server.url}/2/httpapi`, {
      api_key: created.project.ingestKey,
      events: batch.events,
    });
    if (response.status !== 200) throw new Error(`ingest answered ${response.status}: ${response.text}`);
    duplicatesByBatch.push(response.json.duplicates_ignored ?? 0);
  }
  return {
    batches,
    secretKey: created.secretKey,
    readKey: created.readKey,
    projectId: created.project.id,
    ingestKey: created.project.ingestKey,
    timeZone,
    duplicatesReported: duplicatesByBatch.reduce((sum, count) => sum + count, 0),
    duplicatesByBatch,
  };
}

export const groupSummaryFields = `
  groupType value name activePeople peopleOnRecord events keyActions sessions lastSeen
  trend { label metric current previous percentChange }
  atRisk riskReasons
  sparkline { day events keyActions }`;

/** A GroupSummary as `groupSummaryFields` selects it (schema.graphql, type GroupSummary). */
export interface GroupSummaryNode {
  groupType: string;
  value: string;
  name: string;
  activePeople: number;
  peopleOnRecord: number;
  events: number;
  keyActions: number;
  sessions: number;
  lastSeen: string | null;
  trend: { label: string; metric: string; current: number; previous: number; percentChange: number | null };
  atRisk: boolean;
  riskReasons: string[];
  sparkline: { day: string; events: number; keyActions: number }[];
}

export const groupsQuery = `
  query Groups($groupType: String!, $range: DateRangeInput, $sort: GroupSortInput, $filter: GroupFilterInput, $first: Int, $after: String) {
    groups(groupType: $groupType, range: $range, sort: $sort, filter: $filter, first: $first, after: $after) {
      totalCount
      range { from to days }
      previousRange { from to days }
      pageInfo { hasNextPage endCursor }
      edges { cursor node { ${groupSummaryFields} } }
    }
  }`;

export async function queryGroups(server: { url: string }, key: string, variables: Record<string, unknown>) {
  const response = await graphql(server, key, groupsQuery, variables);
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data.groups as {
    totalCount: number;
    range: { from: string; to: string; days: number };
    previousRange: { from: string; to: string; days: number };
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { cursor: string; node: GroupSummaryNode }[];
  };
}
