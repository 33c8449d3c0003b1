import assert from 'node:assert/strict';
import { it } from 'node:test';
import { CsvError, parseCsv } from './csv.js';

it('CSV: plain and quoted fields, doubled quotes, commas and line breaks inside quotes, CRLF, blank lines skipped', () => {
  const text = 'file,AU01_r\r\n"a, b.jpg",1\n\n"say ""hi""",2\n"two\nlines",3\nlast,4';
  assert.deepEqual(parseCsv(text), [
    ['file', 'AU01_r'],
    ['a, b.jpg', '1'],
    ['say "hi"', '2'],
    ['two\nlines', '3'],
    ['last', '4'],
  ]);
  assert.deepEqual(parseCsv('a,,c\n'), [['a', '', 'c']]);
});

it('CSV: an unterminated quote is an error that names the line', () => {
  assert.throws(
    () => parseCsv('file,x\n"open,1\n', 't.csv'),
    (e: Error) => e instanceof CsvError && /t\.csv: the quoted field opened on line 2 is never closed/.test(e.message),
  );
});
