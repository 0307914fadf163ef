// One group type's rollups in memory, for every day they hold: per group, its active days with
// events, key actions and sessions, and the people active on each day as sorted integer arrays.
// Any range is then summed per group without reading the database, and people are counted
// exactly: a group with nobody active after the range counts its members whose last active day
// falls in it (a binary search), any other merges its days' people arrays. Built and updated by
// group-history-cache.ts; read synchronously (an update replaces a group's record whole).

/** Days since 1970-01-01 of a "YYYY-MM-DD" day. */
export function epochDayOf(day: string): number {
  return Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / 86_400_000;
}

export interface GroupRecord {
  readonly groupId: bigint;
  /** Active days (days since 1970-01-01), ascending, with their figures. */
  readonly days: Int32Array;
  readonly events: Int32Array;
  readonly keyActions: Int32Array;
  readonly sessions: Int32Array;
  /** People of day i: people[peopleStart[i] .. peopleStart[i + 1]), person indexes ascending. */
  readonly peopleStart: Int32Array;
  readonly people: Int32Array;
  /** Each member's first and last active day, each array ascending (one entry per member). */
  readonly memberFirstDays: Int32Array;
  readonly memberLastDays: Int32Array;
}

export interface GroupSlot {
  /** Place in the list's tie-break order (value, then id). */
  order: number;
  lastSeen: number;
  record: GroupRecord;
}

export type ActivityColumnName = 'events' | 'keyActions' | 'sessions';

/** First index whose value is at least `value`. */
function lowerBound(values: Int32Array, value: number, from = 0, to = values.length): number {
  let low = from;
  let high = to;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

const emptyInt32 = new Int32Array(0);

export function emptyRecord(groupId: bigint): GroupRecord {
  return {
    groupId,
    days: emptyInt32,
    events: emptyInt32,
    keyActions: emptyInt32,
    sessions: emptyInt32,
    peopleStart: new Int32Array(1),
    people: emptyInt32,
    memberFirstDays: emptyInt32,
    memberLastDays: emptyInt32,
  };
}

export interface DayFigures {
  epochDay: number;
  events: number;
  keyActions: number;
  sessions: number;
  /** Person indexes, any order, no duplicates. */
  people: Int32Array;
}

export class GroupHistory {
  /** Every group of the type in tie-break order. */
  slots: GroupSlot[] = [];
  readonly slotsById = new Map<bigint, GroupSlot>();
  /** Person id → dense index (the arrays hold indexes). */
  private readonly personIndexes = new Map<number, number>();
  private personIds: number[] = [];
  /** Scratch for distinct counts: stamp[p] === current stamp when p was already counted. */
  private stamps = new Int32Array(0);
  private stamp = 0;
  private scratchDays = new Int32Array(0);

  indexOfPerson(personId: number): number {
    let index = this.personIndexes.get(personId);
    if (index === undefined) {
      index = this.personIds.length;
      this.personIds.push(personId);
      this.personIndexes.set(personId, index);
    }
    return index;
  }

  get personCount(): number {
    return this.personIds.length;
  }

  /** Bytes held, roughly (for the cache's bound). */
  byteSize(): number {
    let bytes = this.personIds.length * 60;
    for (const slot of this.slots) {
      const record = slot.record;
      bytes += 300 + record.days.length * 20 + record.people.byteLength + record.memberFirstDays.byteLength * 2;
    }
    return bytes;
  }

  private nextStamp(): number {
    if (this.stamps.length < this.personIds.length) {
      this.stamps = new Int32Array(Math.max(1024, this.personIds.length * 2));
      this.scratchDays = new Int32Array(this.stamps.length);
      this.stamp = 0;
    }
    if (this.stamp >= 0x7fff_fff0) {
      this.stamps.fill(0);
      this.stamp = 0;
    }
    return ++this.stamp;
  }

  /** A group's record from its days (any order). */
  buildRecord(groupId: bigint, dayFigures: DayFigures[]): GroupRecord {
    if (dayFigures.length === 0) return emptyRecord(groupId);
    const sorted = [...dayFigures].sort((left, right) => left.epochDay - right.epochDay);
    const count = sorted.length;
    const days = new Int32Array(count);
    const events = new Int32Array(count);
    const keyActions = new Int32Array(count);
    const sessions = new Int32Array(count);
    const peopleStart = new Int32Array(count + 1);
    let total = 0;
    for (const figures of sorted) total += figures.people.length;
    const people = new Int32Array(total);
    const stamp = this.nextStamp();
    const firstDays: number[] = [];
    const members: number[] = [];
    let offset = 0;
    for (let index = 0; index < count; index++) {
      const figures = sorted[index]!;
      days[index] = figures.epochDay;
      events[index] = figures.events;
      keyActions[index] = figures.keyActions;
      sessions[index] = figures.sessions;
      peopleStart[index] = offset;
      const dayPeople = people.subarray(offset, offset + figures.people.length);
      dayPeople.set(figures.people);
      dayPeople.sort();
      offset += figures.people.length;
      for (const person of dayPeople) {
        if (this.stamps[person] !== stamp) {
          this.stamps[person] = stamp;
          members.push(person);
          firstDays.push(figures.epochDay);
        }
        this.scratchDays[person] = figures.epochDay;
      }
    }
    peopleStart[count] = offset;
    const memberFirstDays = Int32Array.from(firstDays); // ascending: days are visited in order
    const memberLastDays = Int32Array.from(members, (person) => this.scratchDays[person]!).sort();
    return { groupId, days, events, keyActions, sessions, peopleStart, people, memberFirstDays, memberLastDays };
  }

  /** A column summed over [fromDay, toDay]. */
  sum(record: GroupRecord, column: ActivityColumnName, fromDay: number, toDay: number): number {
    const values = record[column];
    let total = 0;
    for (let index = lowerBound(record.days, fromDay); index < record.days.length; index++) {
      if (record.days[index]! > toDay) break;
      total += values[index]!;
    }
    return total;
  }

  /** Distinct people active in [fromDay, toDay]. */
  activePeople(record: GroupRecord, fromDay: number, toDay: number): number {
    const lastDays = record.memberLastDays;
    const memberCount = lastDays.length;
    if (memberCount === 0) return 0;
    // Nobody active after the range: a member was active in it exactly when their last day is in it.
    if (lastDays[memberCount - 1]! <= toDay) return memberCount - lowerBound(lastDays, fromDay);
    const stamp = this.nextStamp();
    const stamps = this.stamps;
    const people = record.people;
    let distinct = 0;
    const first = lowerBound(record.days, fromDay);
    let end = first;
    while (end < record.days.length && record.days[end]! <= toDay) end++;
    for (let index = record.peopleStart[first]!; index < record.peopleStart[end]!; index++) {
      const person = people[index]!;
      if (stamps[person] !== stamp) {
        stamps[person] = stamp;
        distinct++;
      }
    }
    return distinct;
  }

  /** Members whose first active day is on or before `toDay` (on record at the range's end). */
  membersBy(record: GroupRecord, toDay: number): number {
    return lowerBound(record.memberFirstDays, toDay + 1);
  }

  /** Events and key actions of each day of [fromDay, toDay] with any. */
  daysBetween(
    record: GroupRecord,
    fromDay: number,
    toDay: number,
  ): { epochDay: number; events: number; keyActions: number }[] {
    const result: { epochDay: number; events: number; keyActions: number }[] = [];
    for (let index = lowerBound(record.days, fromDay); index < record.days.length; index++) {
      if (record.days[index]! > toDay) break;
      result.push({
        epochDay: record.days[index]!,
        events: record.events[index]!,
        keyActions: record.keyActions[index]!,
      });
    }
    return result;
  }

  /** The people of one day of a record (person indexes), to re-use unchanged days on update. */
  peopleOfDay(record: GroupRecord, epochDay: number): Int32Array | null {
    const index = lowerBound(record.days, epochDay);
    if (record.days[index] !== epochDay) return null;
    return record.people.subarray(record.peopleStart[index]!, record.peopleStart[index + 1]!);
  }

  /** Figures of one day of a record, or null when it has none that day. */
  dayOf(record: GroupRecord, epochDay: number): { events: number; keyActions: number; sessions: number } | null {
    const index = lowerBound(record.days, epochDay);
    if (record.days[index] !== epochDay) return null;
    return { events: record.events[index]!, keyActions: record.keyActions[index]!, sessions: record.sessions[index]! };
  }
}
