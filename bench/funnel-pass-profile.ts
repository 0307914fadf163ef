// Times the in-memory funnel pass alone (funnel-in-memory.ts, then the figures), in process, on
// synthetic event times shaped like the 10M bench dataset's: 10k companies, ~0.7M times of three
// step types over 30 days, company sizes skewed (a few companies hold thousands of times, most a
// few dozen), times in bursts (sessions) so that steps follow each other within minutes or days.
// Prints each round's time; profile with
//   node --cpu-prof --cpu-prof-dir=/tmp/funnel-profile --import tsx bench/funnel-pass-profile.ts
// Arguments: groups (10000), total times (700000), rounds (20).
import { followGroupsInMemory, stepTypesOf } from '../apps/api/src/modules/analysis/funnel-in-memory';
import { funnelFigures } from '../apps/api/src/modules/analysis/funnel-figures';

const groups = Number(process.argv[2] ?? 10_000);
const totalTimes = Number(process.argv[3] ?? 700_000);
const rounds = Number(process.argv[4] ?? 20);
const day = 86_400_000;
const fromMs = Date.UTC(2026, 9, 26);
const toMs = fromMs + 30 * day;
const types = ['Query Run', 'Report Created', 'Dashboard Shared'];
/** Share of each type among the step times (queries are run far more often than dashboards shared). */
const typeShares = [0.62, 0.28, 0.1];

let state = 4;
/** Deterministic uniform [0, 1), so every run times the same data. */
function random(): number {
  state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
  return state / 2 ** 31;
}

function normal(): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

const weights = Array.from({ length: groups }, () => Math.exp(1.3 * normal()));
const weightSum = weights.reduce((sum, weight) => sum + weight, 0);
const byGroup = new Map<bigint, Map<string, Float64Array>>();
let held = 0;
weights.forEach((weight, group) => {
  const count = Math.max(1, Math.round((weight / weightSum) * totalTimes));
  const perType: number[][] = types.map(() => []);
  let produced = 0;
  while (produced < count) {
    // A session: a burst of events over up to two hours, seconds apart.
    let time = fromMs - 7 * day + Math.floor(random() * 37 * day);
    time -= time % 1000;
    const burst = 1 + Math.floor(random() * 12);
    for (let index = 0; index < burst && produced < count; index += 1, produced += 1) {
      const draw = random();
      const type = draw < typeShares[0]! ? 0 : draw < typeShares[0]! + typeShares[1]! ? 1 : 2;
      perType[type]!.push(time);
      time += 1000 * Math.floor(random() * 900);
    }
  }
  const byType = new Map<string, Float64Array>();
  perType.forEach((times, type) => {
    if (times.length === 0) return;
    byType.set(types[type]!, Float64Array.from(times).sort());
    held += times.length;
  });
  byGroup.set(BigInt(group + 1), byType);
});

const steps = types.map((eventType) => ({ eventType, filters: [] }));
const stepTypes = stepTypesOf(steps);
console.log(
  `${groups} groups, ${held} times held (from 7 days before the range), largest group ${Math.max(...weights.map((weight) => Math.round((weight / weightSum) * totalTimes)))}`,
);
const timings: number[] = [];
const cpuTimings: number[] = [];
for (let round = 0; round < rounds; round += 1) {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const followed = followGroupsInMemory({
    stepCount: steps.length,
    stepTypes,
    byGroup,
    fromMs,
    toMs,
    // A different window each round, as the bench's fresh questions.
    windowMs: 14 * day + round * 60_000,
    labels: null,
  });
  const figures = funnelFigures(
    followed.map((unit) => unit.journey),
    steps.length,
  );
  timings.push(performance.now() - started);
  const cpu = process.cpuUsage(cpuBefore);
  cpuTimings.push((cpu.user + cpu.system) / 1000);
  if (round === 0) console.log(figures.map((figure) => `step ${figure.step} ${figure.count}`).join(', '));
}
const summary = (values: number[]) => {
  const sorted = [...values].sort((left, right) => left - right);
  return `${values.map((time) => time.toFixed(1)).join(' ')}\n  p50 ${sorted[Math.floor(values.length / 2)]!.toFixed(1)} ms, min ${sorted[0]!.toFixed(1)} ms`;
};
console.log(
  `wall per round, ms: ${summary(timings)}\nCPU per round (this process, GC threads included), ms: ${summary(cpuTimings)}`,
);
