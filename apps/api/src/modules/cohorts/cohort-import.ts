// A static cohort's file: exactly one group per line, UTF-8 with or without a byte-order mark, LF
// or CRLF line ends. This splits it into the lines to look up and reports blank and repeated
// lines; matching the lines to groups is the service's (by name property, then by value).
import { DomainError } from '../../lib/domain-error';

export const maximumImportLines = 100_000;
export const maximumLineLength = 1000;

export interface ImportLine {
  /** 1-based line number in the file. */
  line: number;
  text: string;
}

export interface SplitFile {
  /** The first line of each distinct text, in file order. */
  lines: ImportLine[];
  blankLines: number[];
  /** A repeated text: its line and the line it first appeared on. */
  duplicateLines: { line: number; firstLine: number; text: string }[];
  lineCount: number;
}

export function splitImportFile(content: string): SplitFile {
  if (content.includes('\uFFFD')) {
    throw new DomainError(
      'INVALID_INPUT',
      'The file is not valid UTF-8 (it holds replacement characters); save it as UTF-8 and import it again.',
    );
  }
  const body = content.startsWith('\uFEFF') ? content.slice(1) : content;
  const raw = body.split(/\r?\n/);
  // A final line end does not start another line.
  if (raw.length > 1 && raw.at(-1) === '') raw.pop();
  if (raw.length > maximumImportLines) {
    throw new DomainError(
      'LIMIT_EXCEEDED',
      `The file has ${raw.length} lines; a cohort file may have at most ${maximumImportLines}. Nothing was imported.`,
      { maximum: maximumImportLines, lines: raw.length },
    );
  }
  const firstLineOf = new Map<string, number>();
  const split: SplitFile = { lines: [], blankLines: [], duplicateLines: [], lineCount: raw.length };
  raw.forEach((rawText, index) => {
    const line = index + 1;
    const text = rawText.replace(/\r$/, '').trim();
    if (text === '') {
      split.blankLines.push(line);
      return;
    }
    if (text.length > maximumLineLength) {
      throw new DomainError(
        'INVALID_INPUT',
        `Line ${line} has ${text.length} characters; a group name or value has at most ${maximumLineLength}. Nothing was imported.`,
      );
    }
    const firstLine = firstLineOf.get(text);
    if (firstLine !== undefined) {
      split.duplicateLines.push({ line, firstLine, text });
      return;
    }
    firstLineOf.set(text, line);
    split.lines.push({ line, text });
  });
  if (split.lines.length === 0) {
    // Most likely the wrong file: an empty cohort helps nobody, so say so instead of creating one.
    throw new DomainError(
      'INVALID_INPUT',
      'The file has no group on any line (it is empty or blank). Nothing was imported.',
    );
  }
  return split;
}
