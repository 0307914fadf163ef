import { describe, expect, it } from 'vitest';
import { checkPageSize, decodeCursor, encodeCursor, maximumPageSize, toConnection } from './connection';

describe('connections', () => {
  it('bounds the page size with errors that name the bound', () => {
    expect(checkPageSize(null, 50)).toBe(50);
    expect(checkPageSize(maximumPageSize, 50)).toBe(maximumPageSize);
    expect(() => checkPageSize(maximumPageSize + 1, 50)).toThrow(
      expect.objectContaining({ code: 'LIMIT_EXCEEDED', message: expect.stringMatching(/at most 200/) }),
    );
    for (const bad of [0, -1, 1.5])
      expect(() => checkPageSize(bad, 50)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('round-trips its cursors and refuses any other as INVALID_INPUT', () => {
    const cursor = encodeCursor('event', ['2026-11-25T09:30:00.000Z', '42']);
    expect(decodeCursor('event', cursor, ['timestamp', 'id'])).toEqual(['2026-11-25T09:30:00.000Z', '42']);
    expect(decodeCursor('event', null, ['timestamp', 'id'])).toBeNull();
    const others = [
      'garbage',
      '',
      encodeCursor('user', ['2026-11-25T09:30:00.000Z', '42']),
      encodeCursor('event', ['yesterday', '42']),
      encodeCursor('event', ['2026-11-25T09:30:00.000Z', '4.2']),
      encodeCursor('event', ['2026-11-25T09:30:00.000Z', '99999999999999999999']),
      encodeCursor('event', ['2026-11-25T09:30:00.000Z']),
      Buffer.from('{"kind":"event"}').toString('base64url'),
    ];
    for (const other of others) {
      expect(() => decodeCursor('event', other, ['timestamp', 'id'])).toThrow(
        expect.objectContaining({ code: 'INVALID_INPUT' }),
      );
    }
  });

  it('pages from rows read with one extra row', () => {
    const page = toConnection(
      [1, 2, 3],
      2,
      'previous',
      (row) => `c${row}`,
      (row) => row * 10,
    );
    expect(page).toEqual({
      edges: [
        { cursor: 'c1', node: 10 },
        { cursor: 'c2', node: 20 },
      ],
      pageInfo: { hasNextPage: true, hasPreviousPage: true, startCursor: 'c1', endCursor: 'c2' },
    });
    expect(toConnection([], 2, null, String, (row) => row).pageInfo).toEqual({
      hasNextPage: false,
      hasPreviousPage: false,
      startCursor: null,
      endCursor: null,
    });
  });
});
