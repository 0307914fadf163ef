// The one pagination shape of the API (Relay connections): a bounded page size and opaque cursors
// that name the last row seen (a keyset), so a page never repeats or skips a row when rows arrive
// in between. Cursors are base64url JSON: [kind, ...key]. The kind stops a cursor of one list
// being replayed on another; anything this API did not hand out is a clear INVALID_INPUT.
import { DomainError } from './domain-error';

export const maximumPageSize = 200;

/** The page size asked for, or the default; past the maximum a LIMIT_EXCEEDED names it. */
export function checkPageSize(first: number | null | undefined, defaultSize: number): number {
  const size = first ?? defaultSize;
  if (!Number.isInteger(size) || size < 1) {
    throw new DomainError('INVALID_INPUT', `"first" must be a whole number from 1 to ${maximumPageSize}.`);
  }
  if (size > maximumPageSize) {
    throw new DomainError('LIMIT_EXCEEDED', `"first" may be at most ${maximumPageSize}; page with "after" for more.`, {
      maximum: maximumPageSize,
    });
  }
  return size;
}

export type CursorKey = readonly (string | number)[];

export function encodeCursor(kind: string, key: CursorKey): string {
  return Buffer.from(JSON.stringify([kind, ...key])).toString('base64url');
}

function invalidCursor(): DomainError {
  return new DomainError(
    'INVALID_INPUT',
    'The "after" cursor is not one this list returned; pass a cursor from its pageInfo.endCursor or omit it.',
  );
}

/**
 * The key inside a cursor of `kind`, or null without a cursor. `shape` says what each part must
 * be; a timestamp part must parse as a date, an id part must be a whole number, a text part any string.
 */
export function decodeCursor(
  kind: string,
  cursor: string | null | undefined,
  shape: readonly ('timestamp' | 'id' | 'text')[],
): string[] | null {
  if (cursor === null || cursor === undefined) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(parsed) || parsed[0] !== kind || parsed.length !== shape.length + 1) throw invalidCursor();
  const key = parsed.slice(1);
  shape.forEach((part, index) => {
    const value = key[index];
    const valid =
      typeof value === 'string' &&
      (part === 'text' ||
        (part === 'id'
          ? /^\d{1,19}$/.test(value)
          : !Number.isNaN(Date.parse(value)) && /^\d{4}-\d\d-\d\dT/.test(value)));
    if (!valid) throw invalidCursor();
  });
  return key as string[];
}

export interface Edge<Node> {
  cursor: string;
  node: Node;
}

export interface Connection<Node> {
  edges: Edge<Node>[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/**
 * A page from rows read with LIMIT size + 1: the extra row only says that a next page exists.
 * `after` is the cursor the page started after (forward paging: a previous page exists then).
 */
export function toConnection<Row, Node>(
  rows: readonly Row[],
  size: number,
  after: string | null | undefined,
  cursorOf: (row: Row) => string,
  nodeOf: (row: Row) => Node,
): Connection<Node> {
  const edges = rows.slice(0, size).map((row) => ({ cursor: cursorOf(row), node: nodeOf(row) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > size,
      hasPreviousPage: after !== null && after !== undefined,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
