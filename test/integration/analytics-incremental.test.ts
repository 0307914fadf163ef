// The Groups list keeps each group type's rollups in memory and, after new events, re-reads only
// the groups they touched (apps/api/src/modules/analytics/group-history-cache.ts). Each read here
// follows a write, so each goes through that update; the ranking must be what a full sum gives.
// People figures come from the same history: after each write, only the touched groups may
// change, and they must.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, postJson, startTestServerWithProject, type TestServer } from '../support/test-server';

const day = Date.UTC(2026, 10, 10, 12);
const range = { from: '2026-11-01', to: '2026-11-15' };
const topQuery = `query Top($range: DateRangeInput, $first: Int) {
  groups(groupType: "company", range: $range, first: $first, sort: { field: KEY_ACTIONS, direction: DESC }) {
    totalCount edges { node { value keyActions events } }
  }
}`;

describe('activity totals refreshed by changed groups', () => {
  let server: TestServer;
  let ingestKey: string;
  let secretKey: string;
  let insertId = 0;

  beforeAll(async () => {
    ({ server, ingestKey, secretKey } = await startTestServerWithProject({
      name: 'Incremental',
      keyActions: ['Report Created'],
    }));
  });
  afterAll(async () => server?.stop());

  async function reports(company: string, count: number, time = day, user = `${company}-user`) {
    const events = Array.from({ length: count }, (_, index) => ({
      event_type: 'Report Created',
      user_id: user,
      time: time + index * 1000,
      insert_id: `incremental-${++insertId}`,
      groups: { company },
    }));
    expect((await postJson(`${server.url}/2/httpapi`, { api_key: ingestKey, events })).status).toBe(200);
  }

  async function top(first = 2) {
    const result = await graphql(server, secretKey, topQuery, { range, first });
    expect(result.errors).toBeUndefined();
    return result.data.groups.edges.map((edge: { node: { value: string; keyActions: number } }) => [
      edge.node.value,
      edge.node.keyActions,
    ]);
  }

  it('follows new, late and out-of-range events', async () => {
    await reports('alpha', 3);
    await reports('bravo', 2);
    await reports('charlie', 1);
    expect(await top()).toEqual([
      ['alpha', 3],
      ['bravo', 2],
    ]);

    await reports('charlie', 3);
    expect(await top()).toEqual([
      ['charlie', 4],
      ['alpha', 3],
    ]);

    // Late: days earlier in the range, already rolled up.
    await reports('bravo', 3, Date.UTC(2026, 10, 2, 8));
    expect(await top()).toEqual([
      ['bravo', 5],
      ['charlie', 4],
    ]);

    // After the range: counts for a later range, not this one.
    await reports('alpha', 10, Date.UTC(2026, 10, 20, 8));
    expect(await top()).toEqual([
      ['bravo', 5],
      ['charlie', 4],
    ]);

    // A new group, and a tie broken by value as the ranking statement does.
    await reports('delta', 4);
    expect(await top(3)).toEqual([
      ['bravo', 5],
      ['charlie', 4],
      ['delta', 4],
    ]);
    const all = await graphql(server, secretKey, topQuery, { range, first: 10 });
    expect(all.data.groups.totalCount).toBe(4);
  });

  it('recounts the people of the groups new events touched, and only theirs', async () => {
    const peopleQuery = `query People($range: DateRangeInput) {
      groups(groupType: "company", range: $range, first: 10, sort: { field: KEY_ACTIONS, direction: DESC }) {
        edges { node { value activePeople peopleOnRecord } }
      }
    }`;
    const people = async (queryRange = range) => {
      const result = await graphql(server, secretKey, peopleQuery, { range: queryRange });
      expect(result.errors).toBeUndefined();
      return Object.fromEntries(
        result.data.groups.edges.map(
          (edge: { node: { value: string; activePeople: number; peopleOnRecord: number } }) => [
            edge.node.value,
            [edge.node.activePeople, edge.node.peopleOnRecord],
          ],
        ),
      );
    };
    const before = await people();
    expect(before.bravo).toEqual([1, 1]);

    // A second person in bravo, in the range.
    await reports('bravo', 1, day, 'bravo-second');
    expect(await people()).toEqual({ ...before, bravo: [2, 2] });

    // A third, only after the range: on record now, but not active in it.
    await reports('bravo', 1, Date.UTC(2026, 10, 20, 8), 'bravo-third');
    expect(await people()).toEqual({ ...before, bravo: [2, 3] });

    // A person working for charlie too (event-level groups): both groups change, nothing else.
    await reports('charlie', 1, day, 'bravo-second');
    const after = await people();
    expect(after).toEqual({ ...before, bravo: [2, 3], charlie: [2, 2] });
    // The same figures as a range no cache has seen yet.
    const wider = { from: '2026-10-31', to: '2026-11-15' };
    expect(await people(wider)).toEqual(after);
  });
});
