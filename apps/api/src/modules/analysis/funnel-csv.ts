// A funnel bar's Microscope as CSV, streamed line by line (cells made formula-safe by csvCell):
// one line per unit with the furthest step and, per step of its chain, when and by whom.
import type { FunnelMember } from './funnel.service';
import { csvCell } from './microscope-csv';

const csvLine = (cells: (string | number | null)[]) => `${cells.map(csvCell).join(',')}\r\n`;

export async function* funnelMicroscopeCsvLines(
  countedBy: 'GROUPS' | 'PEOPLE',
  stepCount: number,
  members: AsyncIterable<FunnelMember>,
): AsyncGenerator<string> {
  const unitColumns = countedBy === 'GROUPS' ? ['group_type', 'value', 'name'] : ['user_id', 'device_id'];
  const stepColumns = Array.from({ length: stepCount }, (_, index) => [
    `step_${index + 1}_at`,
    `step_${index + 1}_by`,
  ]).flat();
  yield csvLine([...unitColumns, 'furthest_step', ...stepColumns]);
  for await (const member of members) {
    const unit =
      countedBy === 'GROUPS' ? [member.groupType, member.value, member.name] : [member.userId, member.deviceId];
    const steps = Array.from({ length: stepCount }, (_, index) => {
      const link = member.chain[index];
      return link ? [link.time.toISOString(), link.personUserId ?? link.personDeviceId] : [null, null];
    }).flat();
    yield csvLine([...unit, member.furthestStep, ...steps]);
  }
}
