// The vocabulary of the synthetic product: what people do in it, and what companies look like.
import type { Random } from './random';

export type EventProperties = Record<string, string | number | boolean>;

export interface EventTypeDefinition {
  name: string;
  /** Relative frequency among in-product events. */
  weight: number;
  properties?: (random: Random) => EventProperties;
}

export const defaultKeyActions = ['Report Created', 'Dashboard Shared', 'Query Run'] as const;

const pages = ['/home', '/dashboards', '/reports', '/queries', '/people', '/settings', '/groups'];
const filters = ['country', 'plan', 'browser', 'date range', 'event type'];

export const productEventTypes: readonly EventTypeDefinition[] = [
  { name: 'Page Viewed', weight: 32, properties: (random) => ({ path: random.pick(pages) }) },
  { name: 'Dashboard Viewed', weight: 15, properties: (random) => ({ dashboard_id: `dash_${random.integer(40)}` }) },
  { name: 'Query Run', weight: 15, properties: (random) => ({ duration_ms: 40 + random.integer(3000) }) },
  { name: 'Search Performed', weight: 8, properties: (random) => ({ results: random.integer(60) }) },
  { name: 'Filter Applied', weight: 8, properties: (random) => ({ filter: random.pick(filters) }) },
  {
    name: 'Report Created',
    weight: 5,
    properties: (random) => ({ report_type: random.pick(['funnel', 'retention', 'segmentation', 'table']) }),
  },
  { name: 'Export Downloaded', weight: 3, properties: (random) => ({ format: random.pick(['csv', 'pdf', 'png']) }) },
  { name: 'Comment Added', weight: 3 },
  {
    name: 'Dashboard Shared',
    weight: 2,
    properties: (random) => ({ channel: random.pick(['email', 'slack', 'link']) }),
  },
  { name: 'Alert Created', weight: 1 },
  { name: 'Settings Updated', weight: 1 },
  { name: 'Teammate Invited', weight: 0.6 },
  {
    name: 'Integration Connected',
    weight: 0.3,
    properties: (random) => ({ integration: random.pick(['Salesforce', 'Slack', 'Snowflake', 'BigQuery']) }),
  },
];

/** Weight given to a configured key action the catalogue does not know. */
export const unknownKeyActionWeight = 4;

export const plans = ['Free', 'Team', 'Business', 'Enterprise'] as const;
export type Plan = (typeof plans)[number];

export const industries = [
  'Software',
  'Financial Services',
  'Healthcare',
  'Retail',
  'Manufacturing',
  'Logistics',
  'Media',
  'Education',
  'Energy',
  'Telecommunications',
  'Real Estate',
  'Travel',
] as const;

/** Countries with the UTC offset their working day is shifted by. */
export const countries: readonly { code: string; utcOffsetHours: number; weight: number }[] = [
  { code: 'US', utcOffsetHours: -5, weight: 36 },
  { code: 'GB', utcOffsetHours: 0, weight: 12 },
  { code: 'DE', utcOffsetHours: 1, weight: 10 },
  { code: 'FR', utcOffsetHours: 1, weight: 7 },
  { code: 'CA', utcOffsetHours: -5, weight: 6 },
  { code: 'NL', utcOffsetHours: 1, weight: 5 },
  { code: 'AU', utcOffsetHours: 10, weight: 5 },
  { code: 'IN', utcOffsetHours: 5.5, weight: 5 },
  { code: 'BR', utcOffsetHours: -3, weight: 4 },
  { code: 'JP', utcOffsetHours: 9, weight: 4 },
  { code: 'SE', utcOffsetHours: 1, weight: 3 },
  { code: 'ES', utcOffsetHours: 1, weight: 3 },
];

export function utcOffsetHoursOf(countryCode: string): number {
  return countries.find((country) => country.code === countryCode)?.utcOffsetHours ?? 0;
}

const namePrefixes = [
  'Apex',
  'Blue',
  'Bright',
  'Cedar',
  'Clear',
  'Copper',
  'Crest',
  'Delta',
  'Ever',
  'Falcon',
  'Granite',
  'Harbor',
  'Iron',
  'Juniper',
  'Kite',
  'Lumen',
  'Maple',
  'Nimbus',
  'North',
  'Oak',
  'Orbit',
  'Pine',
  'Quartz',
  'River',
  'Silver',
  'Solar',
  'Stone',
  'Summit',
  'Tidal',
  'Vertex',
  'Willow',
  'Zephyr',
  'Amber',
  'Beacon',
  'Cobalt',
  'Drift',
  'Ember',
  'Fable',
  'Glacier',
  'Helix',
];
const nameRoots = [
  'field',
  'point',
  'works',
  'wave',
  'line',
  'path',
  'stack',
  'gate',
  'bridge',
  'forge',
  'leaf',
  'light',
  'mark',
  'peak',
  'ridge',
  'scale',
  'shift',
  'spring',
  'stream',
  'vale',
];
const nameSuffixes = [
  'Labs',
  'Systems',
  'Inc',
  'Ltd',
  'GmbH',
  'Group',
  'Analytics',
  'Software',
  'Partners',
  'Technologies',
  'Co',
  'AG',
];

const combinations = namePrefixes.length * nameRoots.length * nameSuffixes.length;

/**
 * A distinct made-up company name for each index: a fixed stride coprime to the number of
 * combinations walks through all of them before any repeats, so neighbours do not look alike.
 */
export function companyNameFor(index: number): string {
  const position = (index * 7919) % combinations;
  const prefix = namePrefixes[position % namePrefixes.length]!;
  const root = nameRoots[Math.floor(position / namePrefixes.length) % nameRoots.length]!;
  const suffix = nameSuffixes[Math.floor(position / (namePrefixes.length * nameRoots.length))]!;
  const round = Math.floor(index / combinations);
  return `${prefix}${root} ${suffix}${round > 0 ? ` ${round + 1}` : ''}`;
}

const firstNames = [
  'Ada',
  'Ben',
  'Chloe',
  'Dev',
  'Elena',
  'Farid',
  'Grace',
  'Hugo',
  'Ines',
  'Jonas',
  'Kira',
  'Liam',
  'Maya',
  'Noah',
  'Olga',
  'Priya',
  'Quinn',
  'Rosa',
  'Sam',
  'Tariq',
  'Uma',
  'Victor',
  'Wen',
  'Yara',
  'Zoe',
];
const lastNames = [
  'Adams',
  'Berg',
  'Costa',
  'Dubois',
  'Evans',
  'Fischer',
  'Garcia',
  'Hansen',
  'Ito',
  'Jensen',
  'Khan',
  'Lopez',
  'Meyer',
  'Novak',
  'Okafor',
  'Patel',
  'Rossi',
  'Silva',
  'Tanaka',
  'Weber',
  'Young',
  'Zhang',
];
export const roles = [
  'Analyst',
  'Product Manager',
  'Engineer',
  'Designer',
  'Marketing Lead',
  'Data Scientist',
  'Executive',
];

export function personNameFor(hash: number): { first: string; last: string } {
  return { first: firstNames[hash % firstNames.length]!, last: lastNames[(hash >>> 8) % lastNames.length]! };
}
