// Calendar arithmetic on project-local days ("YYYY-MM-DD"). A day is a label in the project's
// time zone, not an instant, so the arithmetic runs on UTC midnights where no daylight-saving
// shift can move a day boundary.

/** A project-local calendar day, "YYYY-MM-DD". */
export type LocalDay = string;

/** Inclusive on both ends. */
export interface DayRange {
  from: LocalDay;
  to: LocalDay;
}

export const defaultRangeDays = 30;
/** Longest range a query may ask for; a sparkline has one point per day. */
export const maximumRangeDays = 731;

const millisecondsPerDay = 86_400_000;
const localDayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;

const daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// The one check of a day that both sides use: it refuses days no calendar has (2026-02-30,
// 2026-13-01), which Date would quietly roll over into the next month.
// Called for every day of every sparkline the API serialises (1,500 per Groups page): plain
// arithmetic, no Date objects.
export function isLocalDay(value: string | null | undefined): value is LocalDay {
  if (!value) return false;
  const match = localDayPattern.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const isLeapYear = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && isLeapYear ? 29 : daysInMonth[month - 1]!);
}

function toEpochDay(day: LocalDay): number {
  if (!isLocalDay(day)) throw new RangeError(`"${day}" is not a calendar day in the form YYYY-MM-DD.`);
  return Date.parse(`${day}T00:00:00Z`) / millisecondsPerDay;
}

function fromEpochDay(epochDay: number): LocalDay {
  return new Date(epochDay * millisecondsPerDay).toISOString().slice(0, 10);
}

export function addDays(day: LocalDay, days: number): LocalDay {
  return fromEpochDay(toEpochDay(day) + days);
}

/** Number of days from `from` to `to`, both included (1 for a single day). */
export function rangeLength(range: DayRange): number {
  return toEpochDay(range.to) - toEpochDay(range.from) + 1;
}

/** The range of equal length that ends the day before `range` starts: what a trend compares against. */
export function previousRange(range: DayRange): DayRange {
  const days = rangeLength(range);
  return { from: addDays(range.from, -days), to: addDays(range.from, -1) };
}

/** Every day of the range in order. */
export function listDays(range: DayRange): LocalDay[] {
  const first = toEpochDay(range.from);
  const days: LocalDay[] = [];
  for (let epochDay = first; epochDay <= toEpochDay(range.to); epochDay += 1) days.push(fromEpochDay(epochDay));
  return days;
}

/** The Monday that starts the (ISO) week containing `day`. */
export function weekStart(day: LocalDay): LocalDay {
  const epochDay = toEpochDay(day);
  // 1970-01-01 was a Thursday: shift so that Monday is 0.
  const weekday = (((epochDay + 3) % 7) + 7) % 7;
  return fromEpochDay(epochDay - weekday);
}

/** Monday of every week that has at least one day in the range. */
export function listWeekStarts(range: DayRange): LocalDay[] {
  const weeks: LocalDay[] = [];
  for (let week = weekStart(range.from); week <= range.to; week = addDays(week, 7)) weeks.push(week);
  return weeks;
}

/** Whole weeks from one Monday to another. */
export function weeksBetween(fromWeek: LocalDay, toWeek: LocalDay): number {
  return Math.round((toEpochDay(toWeek) - toEpochDay(fromWeek)) / 7);
}

// Building an Intl.DateTimeFormat costs far more than formatting with one, and every GraphQL
// read asks for today's date: keep one formatter per time zone.
const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar day it is now in an IANA time zone. */
export function todayInTimeZone(timeZone: string, now: Date = new Date()): LocalDay {
  let formatter = dayFormatters.get(timeZone);
  if (!formatter) {
    // en-CA formats dates as YYYY-MM-DD.
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormatters.set(timeZone, formatter);
  }
  return formatter.format(now);
}

/** The last `days` days ending today (inclusive) in the project's time zone. */
export function defaultRange(timeZone: string, now: Date = new Date(), days: number = defaultRangeDays): DayRange {
  const to = todayInTimeZone(timeZone, now);
  return { from: addDays(to, -(days - 1)), to };
}

/** Why a range is unusable, in words a user can act on; null when it is fine. */
export function describeInvalidRange(range: DayRange): string | null {
  if (!isLocalDay(range.from)) return `"from" must be a calendar day in the form YYYY-MM-DD, got "${range.from}".`;
  if (!isLocalDay(range.to)) return `"to" must be a calendar day in the form YYYY-MM-DD, got "${range.to}".`;
  if (range.from > range.to) return `The range starts (${range.from}) after it ends (${range.to}).`;
  if (rangeLength(range) > maximumRangeDays) return `A range may cover at most ${maximumRangeDays} days.`;
  return null;
}
