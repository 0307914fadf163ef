// Microscope as CSV (RFC 4180), line by line so a point with a million groups streams in bounded
// memory. Text that a spreadsheet would run as a formula (= + - @, tab, carriage return first) is
// prefixed with a single quote: group names and user ids come from whoever sends events.
import type { MicroscopeMember } from './analysis.service';

const formulaStart = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = formulaStart.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const csvLine = (cells: (string | number | null)[]) => `${cells.map(csvCell).join(',')}\r\n`;

export async function* microscopeCsvLines(
  countedBy: 'GROUPS' | 'PEOPLE',
  members: AsyncIterable<MicroscopeMember>,
): AsyncGenerator<string> {
  yield countedBy === 'GROUPS'
    ? csvLine(['group_type', 'value', 'name', 'events', 'active_people'])
    : csvLine(['user_id', 'device_id', 'events']);
  for await (const member of members) {
    yield countedBy === 'GROUPS'
      ? csvLine([member.groupType, member.value, member.name, member.events, member.activePeople])
      : csvLine([member.userId, member.deviceId, member.events]);
  }
}
