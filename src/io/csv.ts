// CSV as RFC 4180 writes it: fields separated by commas, rows by CRLF or LF, a field in double quotes
// may hold commas, line breaks and doubled quotes. Blank lines are skipped.
import { GanimateError } from '../errors.js';

export class CsvError extends GanimateError {}

/** Rows of fields; `name` goes into errors (an unterminated quote). */
export function parseCsv(text: string, name = 'the CSV'): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let startLine = 1;
  const endRow = () => {
    row.push(field);
    if (row.length > 1 || row[0] !== '') rows.push(row);
    [row, field] = [[], ''];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') ((field += '"'), i++);
      else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field.trim() === '') {
      [quoted, field, startLine] = [true, '', line];
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      line++;
      endRow();
    } else field += c;
  }
  if (quoted) throw new CsvError(`${name}: the quoted field opened on line ${startLine} is never closed`);
  if (field !== '' || row.length) endRow();
  return rows;
}
