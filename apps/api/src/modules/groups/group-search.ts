// Reads what a user typed in a group search into the condition the SQL applies: plain text is a
// name search; `name = value` looks through every value the property has held, among groups
// active in the last `activeWithinMonths` months (six by default; null: any time).
import { GroupSearchSyntaxError, parseGroupSearchQuery } from '@leadmaps/shared';
import { DomainError } from '../../lib/domain-error';
import type { GroupSearchCondition } from './queries/group-search-condition';

export const defaultActiveWithinMonths = 6;
export const maximumActiveWithinMonths = 120;

/** Null for no search (empty text). Throws INVALID_INPUT, with the syntax, for a malformed condition. */
export function readGroupSearch(
  text: string | null | undefined,
  activeWithinMonths: number | null,
  now: Date,
): GroupSearchCondition | null {
  if (text === null || text === undefined || !text.trim()) return null;
  if (
    activeWithinMonths !== null &&
    (!Number.isInteger(activeWithinMonths) || activeWithinMonths < 1 || activeWithinMonths > maximumActiveWithinMonths)
  ) {
    throw new DomainError(
      'INVALID_INPUT',
      `"activeWithinMonths" must be a whole number from 1 to ${maximumActiveWithinMonths}, or null for any time.`,
    );
  }
  let query: ReturnType<typeof parseGroupSearchQuery>;
  try {
    query = parseGroupSearchQuery(text);
  } catch (error) {
    if (error instanceof GroupSearchSyntaxError) throw new DomainError('INVALID_INPUT', error.message);
    throw error;
  }
  return { query, activeSince: activeWithinMonths === null ? null : monthsBefore(now, activeWithinMonths) };
}

/** The same time of day `months` calendar months earlier (UTC), clamped to the month's last day. */
export function monthsBefore(now: Date, months: number): Date {
  const shifted = new Date(now.getTime());
  const day = shifted.getUTCDate();
  shifted.setUTCDate(1);
  shifted.setUTCMonth(shifted.getUTCMonth() - months);
  const lastDay = new Date(Date.UTC(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, 0)).getUTCDate();
  shifted.setUTCDate(Math.min(day, lastDay));
  return shifted;
}
