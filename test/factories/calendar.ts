// Day arithmetic for the expected side of the analytics tests, written from the documented rules
// (README "Date range", analytics README) and not taken from packages/shared: a project-local day
// is a "YYYY-MM-DD" label, ranges include both ends, weeks start on Monday, and the previous range
// is the range of equal length that ends the day before.

export interface DayRange {
  from: string;
  to: string;
}

const dayLength = 24 * 60 * 60 * 1000;

function noonOf(day: string): Date {
  // Noon UTC, so that adding whole days can never land on another calendar day.
  return new Date(`${day}T12:00:00.000Z`);
}

function labelOf(date: Date): string {
  const month = String(date.getUTCMonth() + 1).padStart(2, '0');
  const dayOfMonth = String(date.getUTCDate()).padStart(2, '0');
  return `${date.getUTCFullYear()}-${month}-${dayOfMonth}`;
}

export function plusDays(day: string, days: number): string {
  const date = noonOf(day);
  date.setUTCDate(date.getUTCDate() + days);
  return labelOf(date);
}

export function daysOf(range: DayRange): string[] {
  const days: string[] = [];
  for (let day = range.from; day <= range.to; day = plusDays(day, 1)) days.push(day);
  return days;
}

export function dayCount(range: DayRange): number {
  return Math.round((noonOf(range.to).getTime() - noonOf(range.from).getTime()) / dayLength) + 1;
}

export function rangeBefore(range: DayRange): DayRange {
  const length = dayCount(range);
  return { from: plusDays(range.from, -length), to: plusDays(range.from, -1) };
}

/** The Monday of the week that holds `day` (getUTCDay: Sunday 0, Monday 1). */
export function mondayOf(day: string): string {
  const weekday = noonOf(day).getUTCDay();
  return plusDays(day, weekday === 0 ? -6 : 1 - weekday);
}

/** The Monday of every week with at least one day in the range. */
export function mondaysOf(range: DayRange): string[] {
  return [...new Set(daysOf(range).map(mondayOf))];
}

/** The calendar day an instant falls on in an IANA time zone. */
export function dayInZone(time: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }).formatToParts(new Date(time));
  const part = (type: string) => parts.find((entry) => entry.type === type)!.value;
  return `${part('year')}-${part('month').padStart(2, '0')}-${part('day').padStart(2, '0')}`;
}
