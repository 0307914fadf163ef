// README "Group rules": event-level groups count for that event only, up to 10 values per type;
// past that limit the rest of the event is kept and the answer says what was left out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, postJson, startTestServerWithProject, type TestServerWithProject } from '../support/test-server';

const time = Date.UTC(2026, 10, 10, 12);
const range = { from: '2026-11-10', to: '2026-11-10' };
const valuesQuery = `query Values($groupType: String!, $range: DateRangeInput) {
  groups(groupType: $groupType, range: $range, first: 50, sort: { field: NAME, direction: ASC }) {
    totalCount edges { node { value events activePeople } } } }`;
const numbered = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, index) => `${prefix}-${String(index + 1).padStart(2, '0')}`);

describe('event-level group values per type', () => {
  let setup: TestServerWithProject;
  beforeAll(async () => {
    setup = await startTestServerWithProject({ name: 'Group values' });
  });
  afterAll(async () => setup?.server.stop());

  const values = async (groupType: string) => {
    const response = await graphql(setup.server, setup.secretKey, valuesQuery, { groupType, range });
    expect(response.errors).toBeUndefined();
    return response.data.groups;
  };

  it('keeps ten values of a type, keeps the event, and says the rest was left out', async () => {
    const response = await postJson(`${setup.server.url}/2/httpapi`, {
      api_key: setup.ingestKey,
      events: [
        {
          event_type: 'Report Created',
          user_id: 'ten@example.com',
          time,
          insert_id: 'ten',
          groups: { team: numbered('team', 10) },
        },
        {
          event_type: 'Report Created',
          user_id: 'eleven@example.com',
          time,
          insert_id: 'eleven',
          groups: { company: numbered('company', 11) },
        },
      ],
    });
    expect(response.status).toBe(200);
    expect(response.json.code).toBe(200);
    expect(response.json).toMatchObject({ code: 200, events_ingested: 2 });
    // One warning, about the second event (index 1) and its company values only.
    expect(response.json.warnings).toHaveLength(1);
    expect(response.json.warnings[0]).toMatch(/^event 1: .*"company".* 11 values.* first 10 /);

    // Exactly ten: every value counts the event once.
    const teams = await values('team');
    expect(teams.totalCount).toBe(10);
    expect(teams.edges.map((edge: { node: unknown }) => edge.node)).toEqual(
      numbered('team', 10).map((value) => ({ value, events: 1, activePeople: 1 })),
    );
    // Eleven: the first ten are kept, the eleventh is not a group at all.
    const companies = await values('company');
    expect(companies.totalCount).toBe(10);
    expect(companies.edges.map((edge: { node: unknown }) => edge.node)).toEqual(
      numbered('company', 10).map((value) => ({ value, events: 1, activePeople: 1 })),
    );
    const eleventh = await graphql(
      setup.server,
      setup.secretKey,
      '{ group(groupType: "company", value: "company-11") { properties } }',
    );
    expect(eleventh).toEqual({ data: { group: null } });
    // The event itself was kept once.
    const overview = await graphql(setup.server, setup.secretKey, '{ ingestOverview { events people groups } }');
    expect(overview.data.ingestOverview).toEqual({ events: 2, people: 2, groups: 20 });
  });
});
