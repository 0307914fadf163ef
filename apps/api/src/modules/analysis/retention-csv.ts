// A retention cell's units as CSV, with the same formula-safe cells as Microscope's (microscope-csv.ts).
import { csvCell } from './microscope-csv';
import type { RetentionMember } from './retention.service';

const csvLine = (cells: (string | number | null)[]) => `${cells.map(csvCell).join(',')}\r\n`;

export async function* retentionCsvLines(
  countedBy: 'GROUPS' | 'PEOPLE',
  members: AsyncIterable<RetentionMember>,
): AsyncGenerator<string> {
  yield countedBy === 'GROUPS'
    ? csvLine(['group_type', 'value', 'name', 'born_on', 'return_events'])
    : csvLine(['user_id', 'device_id', 'born_on', 'return_events']);
  for await (const member of members) {
    yield countedBy === 'GROUPS'
      ? csvLine([member.groupType, member.value, member.name, member.bornOn, member.returnEvents])
      : csvLine([member.userId, member.deviceId, member.bornOn, member.returnEvents]);
  }
}
