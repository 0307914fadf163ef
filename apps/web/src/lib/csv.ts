// CSV for spreadsheets. A cell that starts with = + - @ (or a tab / carriage return) is run as a
// formula by Excel, Sheets and LibreOffice: group names come from customers' own data, so such
// text cells get a leading apostrophe, which spreadsheets show as plain text.
const formulaTriggers = new Set(['=', '+', '-', '@', '\t', '\r']);

export type CsvCell = string | number | boolean | null | undefined;

export function escapeCsvCell(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number' || typeof cell === 'boolean') return String(cell);
  let text = cell;
  if (text.length > 0 && formulaTriggers.has(text[0]!)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: CsvCell[][]): string {
  return `${[header, ...rows].map((row) => row.map(escapeCsvCell).join(',')).join('\r\n')}\r\n`;
}

export function downloadTextFile(fileName: string, text: string, type = 'text/csv;charset=utf-8') {
  // The BOM makes Excel read UTF-8 names (Müller GmbH) correctly.
  const blob = new Blob(['\ufeff', text], { type });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
