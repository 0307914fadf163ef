// Funnels: checks a definition (funnel-query.ts), resolves its names like every chart
// (analysis-plan.ts), reads the step-matching events ordered by unit and time
// (queries/funnel-events.query.ts), follows each unit in one pass (funnel-chain.ts) and adds the
// figures up (funnel-figures.ts). Microscope lists the units behind one bar with their chains.
import { addDays, todayInTimeZone } from '@leadmaps/shared';
import type { Database } from '../../database/sql-database';
import { checkPageSize, decodeCursor, encodeCursor } from '../../lib/connection';
import { DomainError } from '../../lib/domain-error';
import { listGroupTypesWithCounts } from '../analytics/queries/group-types.query';
import type { ProjectRecord } from '../projects/project.repository';
import { parseDefinition, type BreakdownValue } from './analysis-query';
import { resolveAudience } from './analysis-plan';
import { followUnit, type FunnelEventRow, type UnitJourney } from './funnel-chain';
import { funnelFigures, type FunnelStepFigures } from './funnel-figures';
import {
  funnelPointSchema,
  funnelQuerySchema,
  windowSeconds,
  type FunnelOutcome,
  type FunnelPoint,
  type FunnelQuery,
} from './funnel-query';
import { buildFunnelEventsSql, type FunnelEventSqlRow, type FunnelSpec } from './queries/funnel-events.query';
import { nameFunnelUnits } from './funnel-member-names';
import { AnalysisMemory } from './analysis-memory';
import {
  followGroupsInMemory,
  funnelAnswersFromMemory,
  stepTypesOf,
  type FollowedGroup,
  type JourneyTimes,
} from './funnel-in-memory';
import { buildRangeInstantsSql } from './queries/group-event-times.query';
import { buildFunnelUnitLookupSql } from './queries/funnel-members.query';
import type { Audience } from './queries/segmentation.query';

export interface FunnelBreakdownResult {
  breakdown: BreakdownValue;
  steps: FunnelStepFigures[];
}

export interface FunnelResult {
  query: FunnelQuery;
  groupType: string | null;
  windowSeconds: number;
  steps: FunnelStepFigures[];
  /** Top values by units that did step 1, then OTHER, then NONE; empty without a breakdown. */
  breakdowns: FunnelBreakdownResult[];
}

export interface FunnelChainEvent {
  step: number;
  time: Date;
  eventId: bigint;
  personId: bigint | null;
  personUserId: string | null;
  personDeviceId: string | null;
}

export interface FunnelMember {
  kind: 'GROUP' | 'PERSON';
  id: bigint;
  groupType: string | null;
  value: string | null;
  name: string;
  userId: string | null;
  deviceId: string | null;
  furthestStep: number;
  chain: FunnelChainEvent[];
}

export interface FunnelMicroscopeResult {
  edges: { cursor: string; node: FunnelMember }[];
  hasNextPage: boolean;
  totalCount: number;
}

export interface FollowedUnit {
  unit: bigint;
  rawValue: string | null;
  journey: UnitJourney;
}

const cursorKind = 'funnel-microscope';
/** The days of event times the server reads at start (preloadEventTimes): the Analyze page's longest preset range. */
const preloadedDays = 90;
const kindOrder = { VALUE: 0, OTHER: 1, NONE: 2 } as const;

export class FunnelService {
  constructor(
    private readonly database: Database,
    private readonly memory: AnalysisMemory = new AnalysisMemory(),
  ) {}

  private async plan(project: ProjectRecord, query: FunnelQuery) {
    const audience: Audience = await resolveAudience(this.database, project, {
      countedBy: query.countedBy,
      groupType: query.groupType,
      groupFilters: query.groupFilters,
      cohortId: query.cohortId,
      comparisonCohortId: query.breakdown?.source === 'COHORT' ? Number(query.breakdown.key) : null,
      groupPropertyKeys: query.breakdown?.source === 'GROUP_PROPERTY' ? [query.breakdown.key] : [],
      eventPropertyKeys: query.steps.flatMap((step) => step.filters.map((filter) => filter.key)),
      needsGroupType: query.breakdown !== null,
    });
    const spec: FunnelSpec = {
      audience,
      steps: query.steps,
      range: query.range,
      breakdown: query.breakdown,
    };
    return { audience, spec };
  }

  /** Every unit with a step-matching event in the range, followed through the funnel. */
  private async follow(spec: FunnelSpec, query: FunnelQuery): Promise<FollowedUnit[]> {
    const rows = await this.database.query<FunnelEventSqlRow>(buildFunnelEventsSql(spec));
    const windowMs = windowSeconds(query.window) * 1000;
    const followed: FollowedUnit[] = [];
    let start = 0;
    while (start < rows.length) {
      const unit = rows[start]!.unit;
      let end = start;
      const events: FunnelEventRow[] = [];
      while (end < rows.length && rows[end]!.unit === unit) {
        const row = rows[end]!;
        events.push({ time: Number(row.time), eventId: row.eventId, personId: row.personId, mask: Number(row.mask) });
        end += 1;
      }
      followed.push({
        unit,
        rawValue: rows[start]!.rawValue,
        journey: followUnit(events, query.steps.length, windowMs),
      });
      start = end;
    }
    return followed;
  }

  /**
   * Every group with a first-step event in the range, followed from the event times kept in memory
   * (funnel-in-memory.ts); null when the funnel is not one that path answers, or before any fold.
   */
  private async followInMemory(audience: Audience, query: FunnelQuery): Promise<FollowedGroup[] | null> {
    if (!funnelAnswersFromMemory(audience, query)) return null;
    const { projectId, timeZone } = audience;
    const groupTypeId = audience.groupType!.id;
    const [version, [instants]] = await Promise.all([
      this.memory.version(this.database, projectId),
      this.database.query<{ fromMs: number; toMs: number }>(buildRangeInstantsSql(query.range, timeZone)),
    ]);
    if (version.lastFoldId === null) return null;
    const breakdownKey = query.breakdown?.key ?? null;
    const labels =
      audience.groupFilters.length === 0 && breakdownKey === null
        ? null
        : await this.memory.groupLabels.read(
            this.database,
            { projectId, groupTypeId, groupFilters: audience.groupFilters, breakdownKey },
            version,
          );
    const stepTypes = stepTypesOf(query.steps);
    const byGroup = await this.memory.eventTimes.read(
      this.database,
      {
        projectId,
        groupTypeId,
        eventTypes: [...new Set(stepTypes.map((step) => step.eventType))].sort(),
        fromMs: instants!.fromMs,
      },
      version.lastFoldId,
    );
    // Synchronously from here: the kept times are shared and change in place between awaits.
    return followGroupsInMemory({
      stepCount: query.steps.length,
      stepTypes,
      byGroup,
      fromMs: instants!.fromMs,
      toMs: instants!.toMs,
      windowMs: windowSeconds(query.window) * 1000,
      labels,
    });
  }

  /**
   * Reads each group type's event times of the project's key actions over the last 90 days, as a
   * funnel over them would (the steps funnels are most often made of), so that the first funnels
   * after a restart answer from memory instead of waiting for that read (26–62 s at 10M events on
   * a busy machine); a funnel asked while it runs waits for it rather than reading again. Funnels
   * over other event types or earlier days read theirs when asked, as before.
   */
  async preloadEventTimes(project: ProjectRecord): Promise<void> {
    if (project.keyActions.length === 0) return;
    const version = await this.memory.version(this.database, project.id);
    if (version.lastFoldId === null) return;
    const today = todayInTimeZone(project.timeZone);
    const [instants] = await this.database.query<{ fromMs: number; toMs: number }>(
      buildRangeInstantsSql({ from: addDays(today, -(preloadedDays - 1)), to: today }, project.timeZone),
    );
    const eventTypes = [...new Set(project.keyActions)].sort();
    for (const groupType of await listGroupTypesWithCounts(this.database, project.id)) {
      await this.memory.eventTimes.read(
        this.database,
        { projectId: project.id, groupTypeId: groupType.id, eventTypes, fromMs: instants!.fromMs },
        version.lastFoldId,
      );
    }
  }

  /** The top breakdown values: most units that did step 1, then by value. */
  private topValues(followed: readonly { rawValue: string | null; journey: JourneyTimes }[], limit: number): string[] {
    const perValue = new Map<string, number>();
    for (const { rawValue, journey } of followed) {
      if (rawValue === null || journey.furthestStep === 0) continue;
      perValue.set(rawValue, (perValue.get(rawValue) ?? 0) + 1);
    }
    return [...perValue.entries()]
      .sort(([leftValue, left], [rightValue, right]) =>
        right !== left ? right - left : leftValue < rightValue ? -1 : leftValue > rightValue ? 1 : 0,
      )
      .slice(0, limit)
      .map(([value]) => value);
  }

  private labelOf(rawValue: string | null, topValues: readonly string[]): BreakdownValue {
    if (rawValue === null) return { kind: 'NONE', value: null };
    return topValues.includes(rawValue) ? { kind: 'VALUE', value: rawValue } : { kind: 'OTHER', value: null };
  }

  async funnel(project: ProjectRecord, input: unknown): Promise<FunnelResult> {
    const query = parseDefinition(funnelQuerySchema, input, 'funnel');
    const { audience, spec } = await this.plan(project, query);
    const followed: readonly { rawValue: string | null; journey: JourneyTimes }[] =
      (await this.followInMemory(audience, query)) ?? (await this.follow(spec, query));
    const stepCount = query.steps.length;
    const result: FunnelResult = {
      query,
      groupType: audience.groupType?.name ?? null,
      windowSeconds: windowSeconds(query.window),
      steps: funnelFigures(
        followed.map((unit) => unit.journey),
        stepCount,
      ),
      breakdowns: [],
    };
    if (query.breakdown === null) return result;
    const topValues = this.topValues(followed, query.breakdown.limit);
    const byLabel = new Map<string, { breakdown: BreakdownValue; journeys: JourneyTimes[] }>();
    for (const unit of followed) {
      if (unit.journey.furthestStep === 0) continue;
      const breakdown = this.labelOf(unit.rawValue, topValues);
      const key = `${breakdown.kind}:${breakdown.value ?? ''}`;
      const entry = byLabel.get(key) ?? { breakdown, journeys: [] };
      entry.journeys.push(unit.journey);
      byLabel.set(key, entry);
    }
    result.breakdowns = [...byLabel.values()]
      .sort(
        (left, right) =>
          kindOrder[left.breakdown.kind] - kindOrder[right.breakdown.kind] ||
          topValues.indexOf(left.breakdown.value ?? '') - topValues.indexOf(right.breakdown.value ?? ''),
      )
      .map((entry) => ({ breakdown: entry.breakdown, steps: funnelFigures(entry.journeys, stepCount) }));
    return result;
  }

  /**
   * One group's (or person's) journey through the funnel: its furthest step and measured chain,
   * who did which step and when. Null when the project has no such group or person.
   */
  async journey(
    project: ProjectRecord,
    input: unknown,
    unit: { groupValue: string | null; userId: string | null },
  ): Promise<FunnelMember | null> {
    const query = parseDefinition(funnelQuerySchema, input, 'funnel');
    const { audience, spec } = await this.plan(project, query);
    const byGroup = audience.countedBy === 'GROUPS';
    if (byGroup ? unit.groupValue === null : unit.userId === null) {
      throw new DomainError(
        'INVALID_INPUT',
        byGroup
          ? 'The funnel counts groups: give "groupValue" (the group\'s value).'
          : 'The funnel counts people: give "userId" (a user id, or the device id of an anonymous person).',
      );
    }
    const found = await this.database.query<{ id: bigint }>(
      buildFunnelUnitLookupSql(
        project.id,
        byGroup ? { groupTypeId: audience.groupType!.id, groupValue: unit.groupValue! } : { userId: unit.userId! },
      ),
    );
    const unitId = found[0]?.id;
    if (unitId === undefined) return null;
    const followed = await this.follow({ ...spec, unitId }, query);
    const journey = followed[0] ?? { unit: unitId, rawValue: null, journey: { furthestStep: 0, chain: [] } };
    const [member] = await nameFunnelUnits(this.database, project.id, audience, [journey]);
    return member ?? null;
  }

  /** The units behind one bar, by internal id (the cursor is the last id seen). */
  private async pointUnits(project: ProjectRecord, input: unknown) {
    const point: FunnelPoint = parseDefinition(funnelPointSchema, input, 'funnel Microscope point');
    const { query } = point;
    const stepCount = query.steps.length;
    if (point.step > stepCount) {
      throw new DomainError(
        'INVALID_INPUT',
        `step ${point.step} does not exist: the funnel has steps 1 to ${stepCount}.`,
      );
    }
    if (point.outcome === 'DROPPED_OFF' && point.step === stepCount) {
      throw new DomainError(
        'INVALID_INPUT',
        `Nobody drops off after the last step (${stepCount}): use REACHED, or DROPPED_OFF on steps 1 to ${stepCount - 1}.`,
      );
    }
    if ((query.breakdown === null) !== (point.breakdown === null)) {
      throw new DomainError(
        'INVALID_INPUT',
        query.breakdown === null
          ? 'The funnel has no breakdown: omit "breakdown" from the point.'
          : "The funnel has a breakdown: give the point's breakdown value (kind and value) as the funnel returned it.",
      );
    }
    const { audience, spec } = await this.plan(project, query);
    // Which units are behind the bar needs only times: from memory where that path answers; the
    // chains to show (events and people) are then read for the listed units alone (chainsOf).
    const followed: readonly FollowedGroup[] =
      (await this.followInMemory(audience, query)) ?? (await this.follow(spec, query));
    const topValues = query.breakdown ? this.topValues(followed, query.breakdown.limit) : [];
    const inPoint = (unit: FollowedGroup) => {
      if (!matchesOutcome(unit.journey.furthestStep, point.step, point.outcome)) return false;
      if (point.breakdown === null) return true;
      const label = this.labelOf(unit.rawValue, topValues);
      return label.kind === point.breakdown.kind && label.value === point.breakdown.value;
    };
    const units = followed.filter(inPoint).sort((left, right) => (left.unit < right.unit ? -1 : 1));
    return { audience, spec, query, units };
  }

  /** The listed units with their measured chains (event ids and people), read for them alone when needed. */
  private async chainsOf(
    spec: FunnelSpec,
    query: FunnelQuery,
    units: readonly FollowedGroup[],
  ): Promise<FollowedUnit[]> {
    const missing = units.filter((unit) => !isFollowedUnit(unit)).map((unit) => unit.unit);
    const read = missing.length === 0 ? [] : await this.follow({ ...spec, unitIds: missing }, query);
    const byUnit = new Map(read.map((unit) => [unit.unit, unit]));
    return units.map((unit) => {
      if (isFollowedUnit(unit)) return unit;
      const found = byUnit.get(unit.unit);
      if (found === undefined) throw new Error(`funnel: no events read again for unit ${unit.unit}`);
      return found;
    });
  }

  async microscope(
    project: ProjectRecord,
    input: unknown,
    first: number | null,
    after: string | null,
  ): Promise<FunnelMicroscopeResult> {
    const size = checkPageSize(first, 50);
    const afterKey = decodeCursor(cursorKind, after, ['id']);
    const { audience, spec, query, units } = await this.pointUnits(project, input);
    const afterId = afterKey === null ? null : BigInt(afterKey[0]!);
    const remaining = afterId === null ? units : units.filter((unit) => unit.unit > afterId);
    const page = await this.chainsOf(spec, query, remaining.slice(0, size));
    const members = await nameFunnelUnits(this.database, project.id, audience, page);
    return {
      edges: members.map((member) => ({ cursor: encodeCursor(cursorKind, [String(member.id)]), node: member })),
      hasNextPage: remaining.length > size,
      totalCount: units.length,
    };
  }

  /** The groups behind a bar (every one, not a page): what "save as cohort" keeps. */
  async pointGroups(project: ProjectRecord, input: unknown): Promise<{ groupTypeId: number; groupIds: bigint[] }> {
    const { audience, units } = await this.pointUnits(project, input);
    if (audience.countedBy !== 'GROUPS') {
      throw new DomainError('INVALID_INPUT', 'A cohort holds groups: save a bar of a funnel counted by GROUPS.');
    }
    return { groupTypeId: audience.groupType!.id, groupIds: units.map((unit) => BigInt(unit.unit)) };
  }

  /** Every unit behind a bar, named page by page (the CSV download). */
  async *microscopeAll(project: ProjectRecord, input: unknown, pageSize = 1000): AsyncGenerator<FunnelMember> {
    const { audience, spec, query, units } = await this.pointUnits(project, input);
    for (let offset = 0; offset < units.length; offset += pageSize) {
      const page = await this.chainsOf(spec, query, units.slice(offset, offset + pageSize));
      yield* await nameFunnelUnits(this.database, project.id, audience, page);
    }
  }
}

function isFollowedUnit(unit: FollowedGroup): unit is FollowedUnit {
  return unit.journey.chain.every((link) => 'eventId' in link);
}

export function matchesOutcome(furthestStep: number, step: number, outcome: FunnelOutcome): boolean {
  return outcome === 'REACHED' ? furthestStep >= step : furthestStep === step;
}
