import { describe, expect, it } from 'vitest';
import { activePeopleOn, buildAccountProfiles, joinDayOf, peopleStillActiveOn, shapeLevel } from './account-profiles';

describe('buildAccountProfiles', () => {
  const accounts = buildAccountProfiles(5, 2_000, 90);

  it('starts with the worked example', () => {
    expect(accounts.slice(0, 3).map((account) => [account.name, account.people, account.shape])).toEqual([
      ['Acme Inc', 14, 'rising'],
      ['Northwind Ltd', 9, 'steady'],
      ['Globex', 11, 'collapsed'],
    ]);
    const globex = accounts[2]!;
    expect(shapeLevel(globex, 50, 90)).toBe(1);
    expect(shapeLevel(globex, 80, 90)).toBeLessThan(0.2);
  });

  it('has skewed sizes: few big accounts, many small ones', () => {
    const sizes = accounts.map((account) => account.people).sort((left, right) => right - left);
    const total = sizes.reduce((sum, size) => sum + size, 0);
    const topTenth = sizes.slice(0, sizes.length / 10).reduce((sum, size) => sum + size, 0);
    expect(topTenth / total).toBeGreaterThan(0.35);
    expect(sizes[Math.floor(sizes.length / 2)]).toBeLessThanOrEqual(3);
    expect(sizes[0]).toBeGreaterThan(50);
  });

  it('mixes every activity shape and keeps join days inside the active range', () => {
    expect(new Set(accounts.map((account) => account.shape))).toEqual(
      new Set(['rising', 'steady', 'falling', 'collapsed', 'new', 'churned']),
    );
    for (const account of accounts) {
      for (let person = 0; person < account.people; person++) {
        const joined = joinDayOf(account, person);
        expect(joined).toBeGreaterThanOrEqual(account.firstDay);
        expect(joined).toBeLessThan(account.activeUntilDay);
        expect(shapeLevel(account, joined, 90)).toBeGreaterThan(0);
      }
      expect(activePeopleOn(account, 88)).toBe(account.people);
    }
  });

  it('scales head counts with peopleScale, keeping the skew and the worked example', () => {
    const scaled = buildAccountProfiles(5, 2_000, 90, 4);
    const total = (profiles: typeof accounts) => profiles.slice(3).reduce((sum, account) => sum + account.people, 0);
    expect(total(scaled) / total(accounts)).toBeGreaterThan(3.5);
    expect(total(scaled) / total(accounts)).toBeLessThan(4.5);
    expect(scaled.slice(0, 3).map((account) => account.people)).toEqual([14, 9, 11]);
    const sizes = scaled.map((account) => account.people).sort((left, right) => right - left);
    expect(sizes.slice(0, 200).reduce((sum, size) => sum + size, 0) / total(scaled)).toBeGreaterThan(0.35);
  });

  it('leaves a collapsed account with few active people after the collapse', () => {
    const globex = accounts[2]!;
    expect(peopleStillActiveOn(globex, globex.changeDay - 1, 11)).toBe(11);
    expect(peopleStillActiveOn(globex, globex.changeDay, 11)).toBe(2);
    expect(peopleStillActiveOn(accounts[0]!, 89, 14)).toBe(14);
  });

  it('is deterministic', () => {
    expect(buildAccountProfiles(5, 50, 90)).toEqual(buildAccountProfiles(5, 50, 90));
  });
});
