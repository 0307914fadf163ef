import { describe, expect, it } from 'vitest';
import { changesProperties, matchKey, operationsFromRecord, readField } from './salesforce-record-mapping';

const record = {
  attributes: { type: 'Account', url: '/services/data/v62.0/sobjects/Account/001000000000001AAA' },
  Id: '001000000000001AAA',
  Name: 'Acme',
  Industry: null,
  AnnualRevenue: 1200000,
  Owner: { attributes: { type: 'User', url: '/x' }, Name: 'Ada Lovelace' },
  Parent: null,
  BillingAddress: { city: 'Berlin', country: 'DE' },
};

describe('Salesforce record mapping', () => {
  it('reads plain, relationship and compound fields', () => {
    expect(readField(record, 'Name')).toBe('Acme');
    expect(readField(record, 'Owner.Name')).toBe('Ada Lovelace');
    expect(readField(record, 'Parent.Name')).toBeNull();
    expect(readField(record, 'Missing__c')).toBeUndefined();
    expect(readField(record, 'Owner')).toEqual({ Name: 'Ada Lovelace' });
    expect(readField(record, 'BillingAddress')).toEqual({ city: 'Berlin', country: 'DE' });
  });

  it('sets mapped values, renames them, and unsets empty ones', () => {
    const operations = operationsFromRecord(record, {
      nameField: 'Name',
      nameProperty: 'name',
      fieldMappings: [
        { field: 'Industry', property: 'industry' },
        { field: 'AnnualRevenue', property: 'AnnualRevenue' },
        { field: 'Owner.Name', property: 'account_owner' },
        { field: 'Not_Returned__c', property: 'x' },
      ],
    });
    expect(operations).toEqual({
      $set: { name: 'Acme', AnnualRevenue: 1200000, account_owner: 'Ada Lovelace' },
      $unset: { industry: '-' },
    });
  });

  it('matches ids on their 15-character form and other fields case-insensitively', () => {
    expect(matchKey('001000000000001AAA', 'Id')).toBe('001000000000001');
    expect(matchKey('001000000000001', 'Id')).toBe('001000000000001');
    expect(matchKey('ACME.com', 'Domain__c')).toBe('acme.com');
    expect(matchKey(42, 'Number__c')).toBe('42');
    expect(matchKey(null, 'Domain__c')).toBeNull();
  });

  it('tells whether properties would change', () => {
    expect(changesProperties({ name: 'Acme' }, { $set: { name: 'Acme' }, $unset: {} })).toBe(false);
    expect(changesProperties({ name: 'Acme' }, { $set: { name: 'Acme Inc' }, $unset: {} })).toBe(true);
    expect(changesProperties({ name: 'Acme' }, { $set: {}, $unset: { industry: '-' } })).toBe(false);
    expect(changesProperties({ industry: 'Tech' }, { $set: {}, $unset: { industry: '-' } })).toBe(true);
  });
});
