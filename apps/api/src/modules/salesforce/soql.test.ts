import { describe, expect, it } from 'vitest';
import {
  buildMatchQuery,
  chunkValues,
  isRecordId,
  isValidFieldPath,
  recordIdKey,
  selectClause,
  soqlString,
} from './soql';

const shape = { objectName: 'Account', matchField: 'Id', fields: ['Name', 'Industry', 'Owner.Name'] };

describe('SOQL building', () => {
  it('escapes every reserved character in string literals', () => {
    expect(soqlString("O'Brien")).toBe("'O\\'Brien'");
    expect(soqlString('a\\b')).toBe("'a\\\\b'");
    expect(soqlString('say "hi"\n\t\r')).toBe('\'say \\"hi\\"\\n\\t\\r\'');
    expect(soqlString("x') OR Name != ('")).toBe("'x\\') OR Name != (\\''");
  });

  it('builds an IN query with the match field first and no duplicates', () => {
    expect(buildMatchQuery({ ...shape, fields: ['Id', 'Name'] }, ['001A', "b'c"])).toBe(
      "SELECT Id, Name FROM Account WHERE Id IN ('001A', 'b\\'c')",
    );
  });

  it('refuses field and object names that are not API names', () => {
    expect(isValidFieldPath('Customer_Id__c')).toBe(true);
    expect(isValidFieldPath('Owner.Name')).toBe(true);
    expect(isValidFieldPath('Name FROM User')).toBe(false);
    expect(isValidFieldPath('1Name')).toBe(false);
    expect(() => selectClause({ ...shape, fields: ['Name, (SELECT Id FROM Contacts)'] })).toThrow(RangeError);
    expect(() => selectClause({ ...shape, objectName: 'Account WHERE' })).toThrow(RangeError);
  });

  it('recognises record ids', () => {
    expect(isRecordId('001000000000001')).toBe(true);
    expect(isRecordId('001000000000001AAA')).toBe(true);
    expect(isRecordId('acme.com')).toBe(false);
    expect(isRecordId('0010000000000012')).toBe(false);
    // Suffixes worked out by hand: 001Dn|00000|aBc02 has upper-case D (bit 3: I), none (A), B (bit 1: C).
    expect(recordIdKey('001Dn00000aBc02IAC')).toBe('001Dn00000aBc02');
    expect(recordIdKey('001dn00000abc02iac')).toBe('001Dn00000aBc02');
    expect(recordIdKey('001Dn00000aBc02')).toBe('001Dn00000aBc02');
    // Z (25: bits 0, 3, 4) would make the digits 0, 0 and 2 upper case; 9 is no suffix character.
    expect(isRecordId('001Dn00000aBc05ZZZ')).toBe(false);
    expect(isRecordId('001Dn00000aBc05IA9')).toBe(false);
  });

  it('chunks by count', () => {
    const values = Array.from({ length: 7 }, (_, index) => `v${index}`);
    const { chunks } = chunkValues(shape, values, { maximumValues: 3, maximumEncodedLength: 10_000 });
    expect(chunks).toEqual([['v0', 'v1', 'v2'], ['v3', 'v4', 'v5'], ['v6']]);
  });

  it('chunks by encoded length so every query fits in a URL', () => {
    const values = Array.from({ length: 50 }, (_, index) => `${'x'.repeat(40)}${index}`);
    const limits = { maximumValues: 200, maximumEncodedLength: 600 };
    const { chunks, tooLong } = chunkValues(shape, values, limits);
    expect(tooLong).toEqual([]);
    expect(chunks.flat()).toEqual(values);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks)
      expect(encodeURIComponent(buildMatchQuery(shape, chunk)).length).toBeLessThanOrEqual(600);
  });

  it('sets aside values too long for any query', () => {
    const { chunks, tooLong } = chunkValues(shape, ['short', 'y'.repeat(1000)], {
      maximumValues: 200,
      maximumEncodedLength: 500,
    });
    expect(chunks).toEqual([['short']]);
    expect(tooLong).toEqual(['y'.repeat(1000)]);
  });
});
