// A cohort's members as CSV, line by line (bounded memory), with the same formula-safe cells as
// Microscope's download.
import { csvCell } from '../analysis/microscope-csv';
import type { CohortMemberRow } from './cohort.repository';

const csvLine = (cells: (string | number | null)[]) => `${cells.map(csvCell).join(',')}\r\n`;

export async function* cohortMembersCsvLines(
  groupType: string,
  members: AsyncIterable<CohortMemberRow>,
): AsyncGenerator<string> {
  yield csvLine(['group_type', 'value', 'name', 'entered_at']);
  for await (const member of members) {
    yield csvLine([groupType, member.value, member.name, new Date(member.enteredAt).toISOString()]);
  }
}
