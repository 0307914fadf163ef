// Who the synthetic customers are: one profile per account, derived from the seed and the
// account's index alone. People are never stored: person k of an account is a pure function of
// (seed, account, k), and their join days are monotone in k so "who is active on day d" is a prefix.
import { companyNameFor, countries, industries, type Plan, utcOffsetHoursOf } from './catalog';
import { hashIntegers, Random } from './random';

export type ActivityShape = 'rising' | 'steady' | 'falling' | 'collapsed' | 'new' | 'churned';

export interface AccountProfile {
  index: number;
  /** The stable group key (what the product sends), not the display name. */
  value: string;
  name: string;
  domain: string;
  people: number;
  shape: ActivityShape;
  /** Relative activity at a level of 1 (before shape, weekday and noise). */
  weight: number;
  /** First day with activity (0 unless the account is new). */
  firstDay: number;
  /** Day after the last active day (the churn day for churned accounts, else `days`). */
  activeUntilDay: number;
  /** Collapsed: the day activity drops. */
  changeDay: number;
  startLevel: number;
  endLevel: number;
  /** People active from the first day; the rest join one by one later. */
  corePeople: number;
  lastJoinDay: number;
  plan: Plan;
  /** Rising accounts upgrade once, which leaves a group property change in the history. */
  upgrade: { day: number; plan: Plan } | null;
  industry: string;
  employees: number;
  country: string;
  utcOffsetMinutes: number;
  keyActionBias: number;
  billingDay: number;
  /** Whether this account belongs to the Groups page's worked example. */
  scenario: boolean;
}

/** The worked example of the Groups page: always present, always the first three accounts. */
export const scenarioAccounts = [
  {
    value: 'acme-inc',
    name: 'Acme Inc',
    people: 14,
    shape: 'rising',
    plan: 'Business',
    industry: 'Software',
    employees: 420,
    country: 'US',
  },
  {
    value: 'northwind-ltd',
    name: 'Northwind Ltd',
    people: 9,
    shape: 'steady',
    plan: 'Team',
    industry: 'Logistics',
    employees: 180,
    country: 'GB',
  },
  {
    value: 'globex',
    name: 'Globex',
    people: 11,
    shape: 'collapsed',
    plan: 'Business',
    industry: 'Manufacturing',
    employees: 950,
    country: 'DE',
  },
] as const satisfies readonly {
  value: string;
  name: string;
  people: number;
  shape: ActivityShape;
  plan: Plan;
  industry: string;
  employees: number;
  country: string;
}[];

// Activity of the worked example relative to Acme, chosen so that the last 30 days give roughly
// the seed's 1,200 / 800 / 120 key actions: Acme rises to ~1.33x its base, Northwind holds,
// Globex keeps a ~12% trickle after its collapse.
const northwindRelativeWeight = 1.0;
const globexRelativeWeight = 1.0;
const globexCollapsedLevel = 0.14;
/** Acme is busy, but its 14 people should not each behave like a whole department. */
const acmeMaximumWeightPerPerson = 6;

const shapeMix: readonly [ActivityShape, number][] = [
  ['steady', 0.45],
  ['rising', 0.15],
  ['falling', 0.15],
  ['collapsed', 0.05],
  ['new', 0.1],
  ['churned', 0.1],
];

/**
 * `peopleScale` multiplies every generated account's head count (and the cap on it), keeping the
 * skew: at 1 the accounts average ~7.5 people, so 10k accounts hold ~75k people; the Groups
 * benchmark asks for ~300k, which a scale of 4 gives. The worked example keeps its exact sizes.
 */
export function buildAccountProfiles(seed: number, accounts: number, days: number, peopleScale = 1): AccountProfile[] {
  const count = Math.max(accounts, scenarioAccounts.length);
  const scale = Math.max(0.01, peopleScale);
  const maximumPeople = Math.round(Math.min(5000, Math.max(20, Math.round(Math.sqrt(count) * 4))) * scale);
  const profiles: AccountProfile[] = [];
  for (let index = scenarioAccounts.length; index < count; index++) {
    profiles.push(randomAccount(seed, index, days, maximumPeople, scale));
  }
  // Key actions follow weight × bias, and random rising accounts may end a little higher than Acme.
  const largestWeight = profiles.reduce(
    (largest, profile) => Math.max(largest, profile.weight * profile.keyActionBias),
    1,
  );
  // Acme tops a list sorted by activity, as in the worked example, unless that would need
  // implausible per-person activity (very large generations have genuinely bigger accounts).
  const acmeWeight = Math.min(largestWeight * 1.3, scenarioAccounts[0].people * acmeMaximumWeightPerPerson);
  const relativeWeights = [1, northwindRelativeWeight, globexRelativeWeight];
  const scenario = scenarioAccounts.map((definition, index) =>
    scenarioAccount(seed, index, days, definition, acmeWeight * relativeWeights[index]!),
  );
  return [...scenario, ...profiles].map(withStableLayout);
}

/**
 * Rebuilds a profile as one object literal with a fixed field order. Profiles are read for every
 * account and day; built by spreads and later edits, they end up with different hidden classes
 * (or as dictionaries) and those reads become several times slower.
 */
function withStableLayout(profile: AccountProfile): AccountProfile {
  return {
    index: profile.index,
    value: profile.value,
    name: profile.name,
    domain: profile.domain,
    people: profile.people,
    shape: profile.shape,
    weight: profile.weight,
    firstDay: profile.firstDay,
    activeUntilDay: profile.activeUntilDay,
    changeDay: profile.changeDay,
    startLevel: profile.startLevel,
    endLevel: profile.endLevel,
    corePeople: profile.corePeople,
    lastJoinDay: profile.lastJoinDay,
    plan: profile.plan,
    upgrade: profile.upgrade,
    industry: profile.industry,
    employees: profile.employees,
    country: profile.country,
    utcOffsetMinutes: profile.utcOffsetMinutes,
    keyActionBias: profile.keyActionBias,
    billingDay: profile.billingDay,
    scenario: profile.scenario,
  };
}

function baseProfile(index: number, days: number, random: Random) {
  const country = pickWeighted(random, countries).code;
  return {
    index,
    country,
    utcOffsetMinutes: utcOffsetHoursOf(country) * 60,
    industry: random.pick(industries),
    keyActionBias: random.between(0.6, 1.4),
    billingDay: random.integer(30),
    firstDay: 0,
    activeUntilDay: days,
    changeDay: days,
    startLevel: 1,
    endLevel: 1,
    upgrade: null,
    scenario: false,
  };
}

function randomAccount(
  seed: number,
  index: number,
  days: number,
  maximumPeople: number,
  peopleScale: number,
): AccountProfile {
  const random = new Random(hashIntegers(seed, index, 0x5eed));
  const base = baseProfile(index, days, random);
  // Heavy-tailed, with about a quarter of accounts down to a single person.
  const people = Math.min(maximumPeople, Math.max(1, Math.round((random.pareto(1.1) * 1.5 - 0.5) * peopleScale)));
  const shape = pickWeighted(
    random,
    shapeMix.map(([name, weight]) => ({ name, weight })),
  ).name;
  // Bigger accounts are busier in total but less intense per person.
  const weight = people ** 0.85 * Math.exp(0.6 * random.normal() - 0.18);
  const name = companyNameFor(index);
  const value = `acct-${String(index).padStart(6, '0')}`;
  const plan: Plan =
    people >= 40
      ? 'Enterprise'
      : people >= 10
        ? 'Business'
        : people >= 3
          ? 'Team'
          : random.pick(['Free', 'Team'] as const);
  const profile: AccountProfile = {
    ...base,
    value,
    name,
    domain: `${slug(name)}.example`,
    people,
    shape,
    weight,
    corePeople: people,
    lastJoinDay: 0,
    plan,
    employees: Math.round(people * random.between(4, 40)) + random.integer(20),
  };
  applyShape(profile, random, days);
  return profile;
}

function scenarioAccount(
  seed: number,
  index: number,
  days: number,
  definition: (typeof scenarioAccounts)[number],
  weight: number,
): AccountProfile {
  const random = new Random(hashIntegers(seed, index, 0x5eed));
  const profile: AccountProfile = {
    ...baseProfile(index, days, random),
    value: definition.value,
    name: definition.name,
    domain: `${slug(definition.name)}.example`,
    people: definition.people,
    shape: definition.shape,
    weight,
    corePeople: definition.people,
    lastJoinDay: 0,
    plan: definition.plan,
    industry: definition.industry,
    employees: definition.employees,
    country: definition.country,
    utcOffsetMinutes: utcOffsetHoursOf(definition.country) * 60,
    keyActionBias: 1,
    scenario: true,
  };
  applyShape(profile, random, days);
  if (definition.shape === 'rising') {
    profile.startLevel = 0.5;
    profile.endLevel = 1.5;
  }
  if (definition.shape === 'collapsed') {
    profile.changeDay = Math.max(1, days - 30);
    profile.endLevel = globexCollapsedLevel;
    profile.lastJoinDay = Math.max(0, Math.min(profile.lastJoinDay, profile.changeDay - 1));
  }
  return profile;
}

/** Sets the shape's levels and days, and how the team grows into the account. */
function applyShape(profile: AccountProfile, random: Random, days: number): void {
  const lastFullDay = Math.max(0, days - 2);
  const people = profile.people;
  let growingShare = 0;
  switch (profile.shape) {
    case 'steady':
      growingShare = 0.15;
      break;
    case 'rising':
      profile.startLevel = random.between(0.45, 0.65);
      profile.endLevel = random.between(1.35, 1.6);
      growingShare = 0.45;
      if (profile.plan !== 'Enterprise') {
        profile.upgrade = {
          day: Math.floor(days * random.between(0.5, 0.8)),
          plan: profile.plan === 'Business' ? 'Enterprise' : 'Business',
        };
      }
      break;
    case 'falling':
      profile.startLevel = random.between(1.35, 1.6);
      profile.endLevel = random.between(0.45, 0.65);
      break;
    case 'collapsed':
      profile.changeDay = Math.floor(days * random.between(0.55, 0.8));
      profile.endLevel = random.between(0.05, 0.15);
      growingShare = 0.2;
      break;
    case 'new':
      profile.firstDay = Math.min(lastFullDay, Math.floor(days * random.between(0.3, 0.85)));
      growingShare = 0.6;
      if (profile.plan === 'Enterprise') profile.plan = 'Business';
      break;
    case 'churned':
      profile.activeUntilDay = Math.max(1, Math.floor(days * random.between(0.25, 0.7)));
      break;
  }
  const growing = people > 1 ? Math.floor(people * growingShare) : 0;
  profile.corePeople = Math.max(1, people - growing);
  const joinLimit = profile.shape === 'collapsed' ? profile.changeDay - 1 : profile.activeUntilDay - 1;
  profile.lastJoinDay = Math.max(profile.firstDay, Math.min(lastFullDay, joinLimit));
}

/** The day person k first shows up: monotone in k, so the active people on a day are a prefix. */
export function joinDayOf(profile: AccountProfile, personIndex: number): number {
  if (personIndex < profile.corePeople) return profile.firstDay;
  const span = profile.lastJoinDay - profile.firstDay;
  const joiners = profile.people - profile.corePeople;
  return profile.firstDay + Math.ceil(((personIndex - profile.corePeople + 1) * span) / (joiners + 1));
}

/** How many people have joined by `day`. */
export function activePeopleOn(profile: AccountProfile, day: number): number {
  if (day < profile.firstDay) return 0;
  let count = profile.corePeople;
  while (count < profile.people && joinDayOf(profile, count) <= day) count++;
  return count;
}

/**
 * Share of a collapsed account's people who keep using the product after the collapse: the rest
 * stay on record but go quiet, which is what makes such an account look alive by head count only
 * ("11 on paper, 2 active").
 */
const collapsedRemainingShare = 0.2;

/** Of the `joined` people, how many still have sessions on `day`: a prefix, like joining. */
export function peopleStillActiveOn(profile: AccountProfile, day: number, joined: number): number {
  if (profile.shape !== 'collapsed' || day < profile.changeDay) return joined;
  return Math.min(joined, Math.max(1, Math.round(profile.people * collapsedRemainingShare)));
}

/** The activity level of an account on a day (before weekday and noise), 0 when inactive. */
export function shapeLevel(profile: AccountProfile, day: number, days: number): number {
  if (day < profile.firstDay || day >= profile.activeUntilDay) return 0;
  switch (profile.shape) {
    case 'steady':
      return 1;
    case 'rising':
    case 'falling':
      return profile.startLevel + ((profile.endLevel - profile.startLevel) * day) / Math.max(1, days - 1);
    case 'collapsed': {
      // A three-day slide rather than a cliff: real accounts wind down over a few days.
      if (day < profile.changeDay) return 1;
      const progress = Math.min(1, (day - profile.changeDay + 1) / 3);
      return 1 + (profile.endLevel - 1) * progress;
    }
    case 'new':
      return Math.min(1, 0.4 + (0.6 * (day - profile.firstDay)) / 14);
    case 'churned': {
      const daysLeft = profile.activeUntilDay - day;
      return daysLeft <= 10 ? 0.4 + 0.06 * daysLeft : 1;
    }
  }
}

function pickWeighted<T extends { weight: number }>(random: Random, items: readonly T[]): T {
  const total = items.reduce((sum, item) => sum + item.weight, 0);
  let threshold = random.next() * total;
  for (const item of items) {
    threshold -= item.weight;
    if (threshold < 0) return item;
  }
  return items[items.length - 1]!;
}

function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
