// The Groups search box and `groupSearch` take either plain text (a name search, as always) or a
// property condition `name = value`. The condition matches every value the property ever held, so
// "who was on the enterprise plan" finds accounts that have since moved on. Shared so the web app
// shows the same syntax help the server answers with.

export type GroupSearchQuery = { kind: 'name'; text: string } | { kind: 'property'; property: string; value: string };

export const groupSearchSyntaxHelp =
  'Search by name, or by a property as name = value, e.g. plan = enterprise or "account manager" = "Ada Lovelace" ' +
  '(double or single quotes around a name or value with spaces; spaces around = are optional).';

export class GroupSearchSyntaxError extends Error {
  constructor(problem: string) {
    super(`${problem} ${groupSearchSyntaxHelp}`);
    this.name = 'GroupSearchSyntaxError';
  }
}

type Token = { kind: 'word'; text: string } | { kind: 'equals' };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let position = 0;
  while (position < input.length) {
    const character = input[position]!;
    if (/\s/.test(character)) {
      position += 1;
    } else if (character === '=') {
      tokens.push({ kind: 'equals' });
      position += 1;
    } else if (character === '"' || character === "'") {
      // A quoted word ends at the same quote; a backslash keeps the next character (\" or \\).
      let text = '';
      let cursor = position + 1;
      let closed = false;
      while (cursor < input.length) {
        const inner = input[cursor]!;
        if (inner === '\\' && cursor + 1 < input.length) {
          text += input[cursor + 1];
          cursor += 2;
        } else if (inner === character) {
          closed = true;
          cursor += 1;
          break;
        } else {
          text += inner;
          cursor += 1;
        }
      }
      if (!closed)
        throw new GroupSearchSyntaxError(`The quote ${character} opened at character ${position + 1} is never closed.`);
      tokens.push({ kind: 'word', text });
      position = cursor;
    } else {
      let cursor = position;
      while (cursor < input.length && !/[\s="']/.test(input[cursor]!)) cursor += 1;
      tokens.push({ kind: 'word', text: input.slice(position, cursor) });
      position = cursor;
    }
  }
  return tokens;
}

/**
 * Plain text (no `=`) is a name search of the trimmed text; text with an `=` must be exactly
 * `name = value`. Throws GroupSearchSyntaxError (its message shows the syntax) otherwise.
 */
export function parseGroupSearchQuery(input: string): GroupSearchQuery {
  const text = input.trim();
  if (!text.includes('=')) return { kind: 'name', text };
  const tokens = tokenize(text);
  const [name, equals, value, ...rest] = tokens;
  if (name?.kind !== 'word') throw new GroupSearchSyntaxError('A property name must come before =.');
  if (equals?.kind !== 'equals') {
    throw new GroupSearchSyntaxError(
      `"${name.text}" is followed by more words before =: quote a property name that has spaces.`,
    );
  }
  if (value === undefined) throw new GroupSearchSyntaxError(`A value must follow "${name.text} =".`);
  if (value.kind !== 'word') throw new GroupSearchSyntaxError('Use a single = between the name and the value.');
  if (rest.length) {
    throw new GroupSearchSyntaxError(
      rest.some((token) => token.kind === 'equals')
        ? 'Only one condition is allowed: name = value.'
        : `"${value.text}" is followed by more words: quote a value that has spaces.`,
    );
  }
  if (!name.text.trim()) throw new GroupSearchSyntaxError('The property name is empty.');
  return { kind: 'property', property: name.text, value: value.text };
}
