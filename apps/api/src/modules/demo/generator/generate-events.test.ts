import { createHash } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { AmplitudeWireEvent } from './amplitude-event';
import { generateEventBatches, type GeneratorOptions, planGeneration } from './generate-events';

const endDate = new Date('2025-06-30T23:59:59.000Z');
const day = 86_400_000;
const keyActions = new Set(['Report Created', 'Dashboard Shared', 'Query Run']);

function collect(options: GeneratorOptions): AmplitudeWireEvent[] {
  const events: AmplitudeWireEvent[] = [];
  for (const batch of generateEventBatches(options)) events.push(...batch);
  return events;
}

function fingerprint(options: GeneratorOptions): string {
  const hash = createHash('sha256');
  for (const batch of generateEventBatches(options)) hash.update(JSON.stringify(batch));
  return hash.digest('hex');
}

/** Attributes each event to accounts the way ingest does: event-level groups win, else the user's identify group. */
function attribute(events: AmplitudeWireEvent[]) {
  const userGroup = new Map<string, string>();
  const perEvent: { event: AmplitudeWireEvent; accounts: string[] }[] = [];
  for (const event of events) {
    if (event.event_type === '$identify') {
      if (event.groups?.company) userGroup.set(event.user_id!, event.groups.company as string);
      continue;
    }
    if (event.event_type === '$groupidentify') continue;
    const own = event.groups?.company;
    const accounts =
      own === undefined
        ? event.user_id && userGroup.has(event.user_id)
          ? [userGroup.get(event.user_id)!]
          : []
        : ([] as string[]).concat(own);
    perEvent.push({ event, accounts });
  }
  return perEvent;
}

describe('generateEventBatches', () => {
  const demo: GeneratorOptions = { seed: 42, accounts: 100, events: 125_000, endDate };
  const events = collect(demo);
  const attributed = attribute(events);

  it('is deterministic for a seed and differs between seeds', () => {
    const small = { seed: 3, accounts: 20, events: 20_000, endDate };
    expect(fingerprint(small)).toBe(fingerprint(small));
    expect(fingerprint({ ...small, seed: 4 })).not.toBe(fingerprint(small));
  });

  it('produces about the requested number of events within the range, in time order', () => {
    const product = events.filter((event) => !event.event_type.startsWith('$'));
    expect(product.length).toBeGreaterThan(125_000 * 0.85);
    expect(product.length).toBeLessThan(125_000 * 1.15);
    const rangeStart = planGeneration(demo).rangeStart.getTime();
    expect(rangeStart).toBe(Date.parse('2025-04-02T00:00:00Z'));
    for (let index = 1; index < events.length; index++)
      expect(events[index]!.time).toBeGreaterThanOrEqual(events[index - 1]!.time);
    expect(events[0]!.time).toBeGreaterThanOrEqual(rangeStart);
    expect(events.at(-1)!.time).toBeLessThanOrEqual(endDate.getTime());
    expect(new Set(events.map((event) => event.insert_id)).size).toBe(events.length);
  });

  it('identifies people and describes companies before the events they affect', () => {
    const identified = new Set<string>();
    const described = new Set<string>();
    for (const event of events) {
      if (event.event_type === '$identify') identified.add(event.user_id!);
      else if (event.event_type === '$groupidentify') described.add(event.groups!.company as string);
      else {
        if (event.user_id) expect(identified.has(event.user_id)).toBe(true);
        for (const account of ([] as string[]).concat(event.groups?.company ?? []))
          expect(described.has(account)).toBe(true);
      }
    }
    const acme = events.find((event) => event.event_type === '$groupidentify' && event.groups!.company === 'acme-inc')!;
    expect(acme.group_properties).toEqual({
      $set: { name: 'Acme Inc', plan: 'Business', industry: 'Software', employees: 420, country: 'US' },
    });
    const identifies = events.filter((event) => event.event_type === '$identify');
    const withGroup = identifies.filter((event) => event.groups?.company).length;
    expect(withGroup / identifies.length).toBeGreaterThan(0.75);
    expect(withGroup).toBeLessThan(identifies.length);
  });

  it('includes the worked example with its people and activity shapes', () => {
    const expected = { 'acme-inc': 14, 'northwind-ltd': 9, globex: 11 };
    const lastMonthStart = endDate.getTime() - 30 * day;
    const previousMonthStart = lastMonthStart - 30 * day;
    const stats = (account: string) => {
      const people = new Set<string>();
      const activeLastMonth = new Set<string>();
      let last = 0;
      let previous = 0;
      for (const { event, accounts } of attributed) {
        if (!accounts.includes(account)) continue;
        if (event.user_id) people.add(event.user_id);
        if (event.user_id && event.time > lastMonthStart) activeLastMonth.add(event.user_id);
        if (!keyActions.has(event.event_type)) continue;
        if (event.time > lastMonthStart) last++;
        else if (event.time > previousMonthStart) previous++;
      }
      return {
        people: people.size,
        activeLastMonth: activeLastMonth.size,
        last,
        previous,
        change: (last - previous) / previous,
      };
    };
    const acme = stats('acme-inc');
    const northwind = stats('northwind-ltd');
    const globex = stats('globex');
    expect({ acme: acme.people, northwind: northwind.people, globex: globex.people }).toEqual({
      acme: 14,
      northwind: 9,
      globex: 11,
    });
    expect(
      Object.keys(expected).every((value) => planGeneration(demo).accounts.some((account) => account.value === value)),
    ).toBe(true);
    expect(acme.change).toBeGreaterThan(0.15);
    expect(Math.abs(northwind.change)).toBeLessThan(0.15);
    expect(globex.change).toBeLessThan(-0.7);
    // Globex is alive on paper only: most of its people went quiet with the collapse.
    expect(acme.activeLastMonth).toBe(14);
    expect(globex.activeLastMonth).toBeLessThanOrEqual(3);
    // Roughly the seed's 1,200 / 800 / 120 key actions this month.
    expect(acme.last).toBeGreaterThan(1000);
    expect(acme.last).toBeLessThan(1500);
    expect(northwind.last).toBeGreaterThan(650);
    expect(northwind.last).toBeLessThan(1000);
    expect(globex.last).toBeGreaterThan(60);
    expect(globex.last).toBeLessThan(200);
    // Acme leads the list by key actions this month.
    const byAccount = new Map<string, number>();
    for (const { event, accounts } of attributed) {
      if (event.time <= lastMonthStart || !keyActions.has(event.event_type)) continue;
      for (const account of accounts) byAccount.set(account, (byAccount.get(account) ?? 0) + 1);
    }
    expect([...byAccount].sort((left, right) => right[1] - left[1])[0]![0]).toBe('acme-inc');
  });

  it('sends organisation-level events without a person and event-level groups, including a person in two accounts', () => {
    const organisation = events.filter((event) =>
      ['Invoice Paid', 'Trial Ended', 'Trial Started', 'Subscription Cancelled', 'Plan Changed'].includes(
        event.event_type,
      ),
    );
    expect(new Set(organisation.map((event) => event.event_type))).toEqual(
      new Set(['Invoice Paid', 'Trial Ended', 'Trial Started', 'Subscription Cancelled', 'Plan Changed']),
    );
    for (const event of organisation) {
      expect(event.user_id).toBeUndefined();
      expect(event.device_id).toBeUndefined();
      expect(typeof event.groups!.company).toBe('string');
    }
    const accountsPerPerson = new Map<string, Set<string>>();
    for (const { event, accounts } of attributed) {
      if (!event.user_id) continue;
      const set = accountsPerPerson.get(event.user_id) ?? new Set<string>();
      for (const account of accounts) set.add(account);
      accountsPerPerson.set(event.user_id, set);
    }
    expect([...accountsPerPerson.values()].filter((set) => set.size === 2)).toHaveLength(1);
    expect(events.some((event) => Array.isArray(event.groups?.company))).toBe(true);
    expect(
      events.every(
        (event) => event.event_type.startsWith('$') || event.user_id === undefined || event.session_id! <= event.time,
      ),
    ).toBe(true);
  });

  it('uses configured key actions and batch size', () => {
    const batches = [
      ...generateEventBatches({
        seed: 1,
        accounts: 10,
        events: 5_000,
        endDate,
        keyActions: ['Workflow Published'],
        batchSize: 250,
      }),
    ];
    expect(batches.slice(0, -1).every((batch) => batch.length === 250)).toBe(true);
    expect(batches.flat().some((event) => event.event_type === 'Workflow Published')).toBe(true);
  });

  it('streams 2M events in bounded memory and reports progress', () => {
    // A full collection before each sample measures what the generator retains, not garbage.
    setFlagsFromString('--expose-gc');
    const collectGarbage = runInNewContext('gc') as () => void;
    collectGarbage();
    const baseline = process.memoryUsage().heapUsed;
    let peak = 0;
    let total = 0;
    let lastProgress = 0;
    const started = performance.now();
    for (const batch of generateEventBatches({
      seed: 9,
      accounts: 2_000,
      events: 2_000_000,
      endDate,
      batchSize: 2000,
      onProgress: (progress) => (lastProgress = progress.events),
    })) {
      total += batch.length;
      if (total % 250_000 < 2000) {
        collectGarbage();
        peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    expect(total).toBeGreaterThan(1_800_000);
    expect(lastProgress).toBe(total);
    // Holding the events would take well over 500 MB; streaming keeps a day's plan and open sessions.
    expect(peak).toBeLessThan(32 * 1024 * 1024);
    console.info(
      `generated ${total} events in ${seconds.toFixed(1)}s (${Math.round(total / seconds)} events/s), retained heap ${(peak / 1e6).toFixed(1)} MB`,
    );
  }, 60_000);
});
