// Person k of an account, derived on demand from (seed, account, k): nothing per person is kept.
import type { AccountProfile } from './account-profiles';
import { personNameFor, roles } from './catalog';
import { hashIntegers, unitFromHash } from './random';

export interface Person {
  userId: string;
  deviceId: string;
  /** Most people are tied to their company with an identify call; the rest send the group on each event. */
  hasUserLevelGroup: boolean;
  hash: number;
}

const eventLevelOnlyShare = 0.1;

export function personOf(seed: number, profile: AccountProfile, personIndex: number, globalIndex: number): Person {
  const hash = hashIntegers(seed, profile.index, personIndex, 0xbe0b1e);
  return {
    userId: `${profile.value}.${personIndex + 1}`,
    // Fixed-width hash part: ingest refuses ids shorter than five characters.
    deviceId: `d${(hash >>> 12).toString(16).padStart(5, '0')}${globalIndex.toString(36)}`,
    hasUserLevelGroup: personIndex === 0 || unitFromHash(hashIntegers(hash, 7)) >= eventLevelOnlyShare,
    hash,
  };
}

/** Built only for the identify call: most sessions never need a name or an email. */
export function userPropertiesOf(profile: AccountProfile, personIndex: number, person: Person): Record<string, string> {
  const { first, last } = personNameFor(person.hash);
  return {
    name: `${first} ${last}`,
    email: `${first}.${last}${personIndex + 1}@${profile.domain}`.toLowerCase(),
    role: roles[(person.hash >>> 20) % roles.length]!,
  };
}

/** How often a person shows up relative to the account's most active person (1). */
export function activityWeightOf(seed: number, profile: AccountProfile, personIndex: number): number {
  if (personIndex === 0) return 1;
  return 0.15 + 0.85 * unitFromHash(hashIntegers(seed, profile.index, personIndex, 0xac71)) ** 1.4;
}
