// Pickup-date arithmetic for the Salesforce sync. Days are UTC calendar days written
// "YYYY-MM-DD": the daily job runs on UTC mornings, so the project's own time zone plays no part.

export type CalendarDay = string;

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

export function utcDay(instant: Date): CalendarDay {
  return instant.toISOString().slice(0, 10);
}

export function addDays(day: CalendarDay, days: number): CalendarDay {
  if (!dayPattern.test(day)) throw new RangeError(`Not a calendar day: "${day}"`);
  // Date.UTC normalises overflowing days, which is what carries Jan 31 + 1 into Feb 1.
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return utcDay(new Date(Date.UTC(year, month - 1, date + days)));
}

/** After a group is updated (or found missing in Salesforce) on `day`, it is next due on day + interval. */
export function nextPickupDate(day: CalendarDay, intervalDays: number): CalendarDay {
  return addDays(day, intervalDays);
}

/**
 * Activation never syncs at once: the first run is the next day's job, or for an hourly sync the
 * next hour's (so never-synced groups are due from the activation day itself).
 */
export function firstPickupDate(activatedOn: CalendarDay, hourly = false): CalendarDay {
  return hourly ? activatedOn : addDays(activatedOn, 1);
}

/**
 * Days from one update of a group to its next pickup. Hourly is 0: the pickup stays on the day of
 * the update, so the group is due again at the next hour's job (also past midnight).
 */
export function effectiveIntervalDays(settings: { hourly: boolean; intervalDays: number }): number {
  return settings.hourly ? 0 : settings.intervalDays;
}

/**
 * When the interval changes, a scheduled pickup moves as if it had been computed with the new
 * interval from the same last update (Sep 1 weekly → Sep 8; switched to daily → Sep 2, which is
 * then overdue and runs at the next job).
 */
export function reschedulePickupDate(
  pickup: CalendarDay,
  previousIntervalDays: number,
  intervalDays: number,
): CalendarDay {
  return addDays(pickup, intervalDays - previousIntervalDays);
}

/**
 * A group is due when its pickup date has arrived; overdue groups (the server was down at the
 * job's hour) are caught up by the next job rather than skipped until their next interval.
 * Groups never synced have no pickup date: they follow the activation day.
 */
export function isDue(pickup: CalendarDay | null, activatedOn: CalendarDay | null, today: CalendarDay): boolean {
  const effective = pickup ?? (activatedOn ? firstPickupDate(activatedOn) : null);
  return effective !== null && effective <= today;
}

/** When the hourly job next runs after `now`: the next full hour (UTC). */
export function nextHourlyRunAt(now: Date): Date {
  const hour = 60 * 60_000;
  return new Date(Math.floor(now.getTime() / hour) * hour + hour);
}

/** When the daily job next runs after `now`, at `hourUtc`:00 UTC. */
export function nextDailyRunAt(now: Date, hourUtc: number): Date {
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hourUtc));
  return today.getTime() > now.getTime() ? today : new Date(today.getTime() + 24 * 60 * 60_000);
}
