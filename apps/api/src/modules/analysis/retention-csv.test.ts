import { describe, expect, it } from 'vitest';
import { retentionCsvLines } from './retention-csv';
import type { RetentionMember } from './retention.service';

async function* members(list: RetentionMember[]) {
  yield* list;
}

const member = (changes: Partial<RetentionMember>): RetentionMember => ({
  kind: 'GROUP',
  id: 1n,
  groupType: 'company',
  value: 'acme',
  name: 'Acme',
  userId: null,
  deviceId: null,
  bornOn: '2026-10-05',
  returnEvents: 3,
  ...changes,
});

async function csvOf(countedBy: 'GROUPS' | 'PEOPLE', list: RetentionMember[]): Promise<string> {
  let text = '';
  for await (const line of retentionCsvLines(countedBy, members(list))) text += line;
  return text;
}

describe('retention Microscope as CSV', () => {
  it('writes groups with their birth day and return events, formula-safe and quoted', async () => {
    expect(
      await csvOf('GROUPS', [member({}), member({ value: '=cmd|x', name: 'Big, "quoted"', returnEvents: 0 })]),
    ).toBe(
      'group_type,value,name,born_on,return_events\r\n' +
        'company,acme,Acme,2026-10-05,3\r\n' +
        `company,'=cmd|x,"Big, ""quoted""",2026-10-05,0\r\n`,
    );
  });

  it('writes people by user id and device id', async () => {
    const person = member({ kind: 'PERSON', groupType: null, value: null, userId: '+1 555', deviceId: 'device-1' });
    expect(await csvOf('PEOPLE', [person])).toBe(
      "user_id,device_id,born_on,return_events\r\n'+1 555,device-1,2026-10-05,3\r\n",
    );
  });
});
