// Parses the one SOQL shape the sync sends — SELECT fields FROM Object WHERE Field IN ('a', …) —
// decoding Salesforce's string escapes, so tests see exactly the values that were queried.
// Keywords are case-insensitive in SOQL, as are field and object names (resolved elsewhere).

export type ParsedMatchQuery =
  | { fields: string[]; objectName: string; matchField: string; values: string[] }
  | { error: string };

const unescapes: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
  '"': '"',
  "'": "'",
  '\\': '\\',
};

function parseLiteralList(text: string): string[] | null {
  const values: string[] = [];
  let index = 0;
  const skipSpaces = () => {
    while (text[index] === ' ') index += 1;
  };
  skipSpaces();
  while (index < text.length) {
    if (text[index] !== "'") return null;
    index += 1;
    let value = '';
    for (;;) {
      const character = text[index];
      if (character === undefined) return null;
      if (character === '\\') {
        const escaped = unescapes[text[index + 1] ?? ''];
        if (escaped === undefined) return null;
        value += escaped;
        index += 2;
        continue;
      }
      // An unescaped quote ends the literal; an unescaped newline would be a syntax error.
      if (character === "'") break;
      if (character === '\n') return null;
      value += character;
      index += 1;
    }
    index += 1;
    values.push(value);
    skipSpaces();
    if (index >= text.length) break;
    if (text[index] !== ',') return null;
    index += 1;
    skipSpaces();
  }
  return values;
}

export function parseMatchQuery(soql: string): ParsedMatchQuery {
  const match = /^SELECT (.+?) FROM (\w+) WHERE ([\w.]+) IN \((.*)\)$/is.exec(soql);
  if (!match) return { error: `unexpected token in: ${soql.slice(0, 80)}` };
  const values = parseLiteralList(match[4]!);
  if (!values) return { error: 'malformed IN list' };
  return {
    fields: match[1]!.split(',').map((field) => field.trim()),
    objectName: match[2]!,
    matchField: match[3]!,
    values,
  };
}
