// Buckets of a chart: an event's bucket is the one holding its project-local day. A bucket is
// named by its first day; the first and last buckets of a range may be partial (a range starting
// on a Wednesday has a first WEEK bucket named by that week's Monday, holding Wednesday onwards).
import { addDays, weekStart, type DayRange, type LocalDay } from '@leadmaps/shared';
import { sql, type Sql } from '../../database/sql';
import type { Interval } from './analysis-query';

export function bucketStart(day: LocalDay, interval: Interval): LocalDay {
  if (interval === 'DAY') return day;
  if (interval === 'WEEK') return weekStart(day);
  return `${day.slice(0, 7)}-01`;
}

export function nextBucket(start: LocalDay, interval: Interval): LocalDay {
  if (interval === 'DAY') return addDays(start, 1);
  if (interval === 'WEEK') return addDays(start, 7);
  const year = Number(start.slice(0, 4));
  const month = Number(start.slice(5, 7));
  return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
}

/** The first day of every bucket that holds at least one day of the range, in order. */
export function listBuckets(range: DayRange, interval: Interval): LocalDay[] {
  const buckets: LocalDay[] = [];
  for (let start = bucketStart(range.from, interval); start <= range.to; start = nextBucket(start, interval)) {
    buckets.push(start);
  }
  return buckets;
}

/** The same bucket in SQL, for a date expression (no time zone involved: the day is already local). */
export function bucketStartSql(day: Sql, interval: Interval): Sql {
  if (interval === 'DAY') return day;
  if (interval === 'WEEK') return sql`(${day} - (extract(isodow FROM ${day})::int - 1))`;
  return sql`date_trunc('month', ${day}::timestamp)::date`;
}
