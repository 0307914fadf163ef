import { describe, expect, it } from 'vitest';
import { usesPrettyLines } from './logger';

describe('log format', () => {
  it('writes readable lines to a terminal and JSON elsewhere, unless told', () => {
    expect(usesPrettyLines('auto', true)).toBe(true);
    expect(usesPrettyLines('auto', false)).toBe(false);
    expect(usesPrettyLines('json', true)).toBe(false);
    expect(usesPrettyLines('pretty', false)).toBe(true);
  });
});
