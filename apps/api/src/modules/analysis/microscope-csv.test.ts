import { describe, expect, it } from 'vitest';
import { csvCell, microscopeCsvLines } from './microscope-csv';

describe('Microscope CSV', () => {
  it('neutralises formulas and quotes what needs quoting', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    for (const start of ['+', '-', '@', '\t', '\r'])
      expect(csvCell(`${start}1`).startsWith(`'${start}`) || csvCell(`${start}1`).startsWith(`"'${start}`)).toBe(true);
    expect(csvCell('Acme, Inc')).toBe('"Acme, Inc"');
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell(null)).toBe('');
    expect(csvCell(-3)).toBe('-3');
  });

  it('writes a header and one line per member', async () => {
    async function* members() {
      yield {
        kind: 'GROUP' as const,
        id: 1n,
        groupType: 'company',
        value: 'acme',
        name: '@acme',
        userId: null,
        deviceId: null,
        events: 3,
        activePeople: 2,
      };
    }
    const lines: string[] = [];
    for await (const line of microscopeCsvLines('GROUPS', members())) lines.push(line);
    expect(lines).toEqual(['group_type,value,name,events,active_people\r\n', "company,acme,'@acme,3,2\r\n"]);
  });
});
