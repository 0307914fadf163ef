// Salesforce record ids as Salesforce documents them, written for the fake without looking at
// production: a 15-character id is case-sensitive; the 18-character form appends three
// characters that encode, five characters at a time, which of the 15 are upper-case letters
// (bit i of a chunk set when its character i is A–Z, the 5-bit number mapped onto A–Z then 0–5).
// That makes the 18-character form case-insensitive, so Salesforce accepts it in any case and
// refuses one whose suffix does not fit its first 15 characters. The REST API answers with 18.

const suffixAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

function isUpperCaseLetter(character: string): boolean {
  return character >= 'A' && character <= 'Z';
}

/** The three characters Salesforce appends to a 15-character id. */
export function caseSafeSuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk += 1) {
    let bits = 0;
    for (let position = 0; position < 5; position += 1) {
      if (isUpperCaseLetter(id15[chunk * 5 + position]!)) bits += 2 ** position;
    }
    suffix += suffixAlphabet[bits];
  }
  return suffix;
}

/** The 15-character id a value names, or null when Salesforce would refuse it as an id. */
export function canonicalRecordId(value: string): string | null {
  if (/^[A-Za-z0-9]{15}$/.test(value)) return value;
  if (!/^[A-Za-z0-9]{18}$/.test(value)) return null;
  const suffix = value.slice(15).toUpperCase();
  const chunkBits = [...suffix].map((character) => suffixAlphabet.indexOf(character));
  if (chunkBits.some((bits) => bits < 0)) return null;
  const restored = [...value.slice(0, 15)]
    .map((character, index) => {
      const upper = Math.floor(chunkBits[Math.floor(index / 5)]! / 2 ** (index % 5)) % 2 === 1;
      return upper ? character.toUpperCase() : character.toLowerCase();
    })
    .join('');
  // A suffix that marks a digit as upper case describes no id.
  return caseSafeSuffix(restored) === suffix ? restored : null;
}

/** The 18-character form Salesforce's REST API returns. */
export function eighteenCharacterId(value: string): string {
  const id15 = canonicalRecordId(value);
  if (id15 === null) throw new RangeError(`Not a Salesforce record id: ${value}`);
  return `${id15}${caseSafeSuffix(id15)}`;
}
