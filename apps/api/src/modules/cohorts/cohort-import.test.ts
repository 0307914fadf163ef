import { describe, expect, it } from 'vitest';
import { DomainError } from '../../lib/domain-error';
import { maximumImportLines, splitImportFile } from './cohort-import';

describe('splitImportFile', () => {
  it('drops a BOM, splits LF and CRLF, and reports blank and repeated lines', () => {
    const split = splitImportFile('\uFEFFacme\r\n\nglobex\n  acme \r\n\t\nlast');
    expect(split.lineCount).toBe(6);
    expect(split.lines).toEqual([
      { line: 1, text: 'acme' },
      { line: 3, text: 'globex' },
      { line: 6, text: 'last' },
    ]);
    expect(split.blankLines).toEqual([2, 5]);
    expect(split.duplicateLines).toEqual([{ line: 4, firstLine: 1, text: 'acme' }]);
  });

  it('does not count a final line end as a line', () => {
    expect(splitImportFile('a\r\nb\r\n').lineCount).toBe(2);
    expect(splitImportFile('a').lineCount).toBe(1);
  });

  it('refuses a file without any group line (empty, a BOM alone, blank lines only)', () => {
    for (const content of ['', '\uFEFF', '\r\n  \n\t\r\n']) {
      expect(() => splitImportFile(content)).toThrow(/no group on any line/);
    }
  });

  it('refuses more than the maximum of lines, and replacement characters', () => {
    expect(splitImportFile('x\n'.repeat(maximumImportLines)).lineCount).toBe(maximumImportLines);
    expect(() => splitImportFile(`${'x\n'.repeat(maximumImportLines)}y`)).toThrow(DomainError);
    expect(() => splitImportFile('Acm\uFFFD')).toThrow(/UTF-8/);
  });
});
