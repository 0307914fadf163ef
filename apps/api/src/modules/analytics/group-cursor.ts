// Cursors of the groups connection are opaque to clients but are offsets underneath: rankings
// are computed aggregates that move as data arrives, so a keyset on them would be no more
// stable than an offset, and an offset lets any sort order page the same way.
import { DomainError } from '../../lib/domain-error';

const prefix = 'offset:';

export function encodeGroupCursor(offset: number): string {
  return Buffer.from(`${prefix}${offset}`).toString('base64url');
}

export function decodeGroupCursor(cursor: string | null | undefined): number {
  if (cursor === null || cursor === undefined || cursor === '') return 0;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const offset = text.startsWith(prefix) ? Number(text.slice(prefix.length)) : Number.NaN;
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new DomainError(
      'INVALID_INPUT',
      'The "after" cursor is not one this API returned; pass a cursor from pageInfo.endCursor or omit it.',
    );
  }
  return offset + 1;
}
