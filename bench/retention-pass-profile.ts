// Times the in-memory retention count alone (retention-in-memory.ts), in process, on synthetic
// rollup days shaped like the 10M bench dataset's: 10k companies, a start type seen on ~30 % of
// their days over 90 days, any event on ~85 % of ~98 return days; a 12-week table by weeks.
// Run: node --import tsx bench/retention-pass-profile.ts [rounds]   (add --cpu-prof to profile)
import { createHash } from 'node:crypto';
import { listBuckets, nextBucket } from '../apps/api/src/modules/analysis/buckets';
import { retentionRowsInMemory } from '../apps/api/src/modules/analysis/retention-in-memory';

const rounds = Number(process.argv[2] ?? 40);
const groups = 10_000;
const range = { from: '2026-08-27', to: '2026-11-24' };
const returns = { from: '2026-08-24', to: '2026-12-02' };
const startDays = 90;
const returnDays = 101;

let state = 4;
function random(): number {
  state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
  return state / 2 ** 31;
}

const starts = new Map<bigint, Int32Array>();
const anyEvents = new Map<bigint, Int32Array>();
for (let group = 1; group <= groups; group += 1) {
  // Activity skewed by company: some are seen every day, some rarely.
  const activity = Math.min(1, 0.05 + random() * random() * 1.6);
  const ownStarts = new Int32Array(startDays);
  const ownReturns = new Int32Array(returnDays);
  for (let day = 0; day < returnDays; day += 1) {
    // The data ends on the range's last day (return day index 92).
    if (day > 92 || random() > activity) continue;
    ownReturns[day] = 1 + Math.floor(random() * 40);
    const rangeDay = day - 3;
    if (rangeDay >= 0 && rangeDay < startDays && random() < 0.35) ownStarts[rangeDay] = 1 + Math.floor(random() * 4);
  }
  if (ownStarts.some((events) => events > 0)) starts.set(BigInt(group), ownStarts);
  anyEvents.set(BigInt(group), ownReturns);
}

const timings: number[] = [];
for (let round = 0; round < rounds; round += 1) {
  const variant = round % 20;
  const periodCount = 12 + (variant % 2 === 1 ? (variant + 1) / 2 : -variant / 2);
  const cohorts = listBuckets(range, 'WEEK');
  const periods = [cohorts[0]!];
  while (periods.length < cohorts.length + periodCount) periods.push(nextBucket(periods.at(-1)!, 'WEEK'));
  const cpuBefore = process.cpuUsage();
  const rows = retentionRowsInMemory({
    interval: 'WEEK',
    range,
    starts: { eventsByGroup: starts, days: startDays },
    returns,
    returnDays: { eventsByGroup: anyEvents, days: returnDays },
    periods,
    maximumOffset: periodCount,
    breakdownLimit: null,
    labels: null,
  });
  const cpu = process.cpuUsage(cpuBefore);
  timings.push((cpu.user + cpu.system) / 1000);
  // A digest of the whole answer, to compare versions of the count on the same data.
  if (round < 3)
    console.log(
      `${rows.total.length} rows, digest ${createHash('sha256').update(JSON.stringify(rows)).digest('hex').slice(0, 16)}`,
    );
}
const sorted = [...timings].sort((left, right) => left - right);
console.log(
  `CPU per round, ms: ${timings.map((time) => time.toFixed(1)).join(' ')}\n  p50 ${sorted[Math.floor(rounds / 2)]!.toFixed(1)} ms`,
);
