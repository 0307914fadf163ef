/**
 * Set-based writes pass their rows as ONE jsonb parameter unpacked with `jsonb_to_recordset`:
 * a single bind value whatever the batch size (PostgreSQL caps a statement at 65,535 parameters),
 * and the same SQL on the server and on PGlite. BigInts travel as strings, which PostgreSQL casts
 * back to bigint when it reads the record.
 */
export function jsonRows(rows: readonly unknown[]): string {
  return JSON.stringify(rows, (_key, value) => (typeof value === 'bigint' ? value.toString() : value));
}
