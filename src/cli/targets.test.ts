import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { OPENFACE_COLUMNS } from '../au/action-units.js';
import { readTargetsCsv } from './targets.js';

const dir = mkdtempSync(join(tmpdir(), 'ganimate-targets-'));
const header = `file,${OPENFACE_COLUMNS.join(',')}`;
const row = (file: string, au12 = '3.5') =>
  [file, ...OPENFACE_COLUMNS.map((c) => (c === 'AU12_r' ? au12 : '0'))].join(',');
const csv = (name: string, lines: string[]) => {
  const path = join(dir, name);
  writeFileSync(path, lines.join('\r\n'));
  return path;
};

it('targets CSV: all 17 AUs per row, quoted names with commas, extra columns ignored', () => {
  const path = csv('ok.csv', [`${header},note`, `${row('"a, b.jpg"')},"smile, big"`, `${row('c.png', '.5')},`]);
  const t = readTargetsCsv(path);
  assert.deepEqual([...t.keys()], ['a, b.jpg', 'c.png']);
  assert.equal(t.get('a, b.jpg')![OPENFACE_COLUMNS.indexOf('AU12_r')], 3.5);
  assert.equal(t.get('c.png')![OPENFACE_COLUMNS.indexOf('AU12_r')], 0.5);
});

it('targets CSV: what it refuses, naming the file, row and column', () => {
  const cases: [string, string[], RegExp][] = [
    ['only-one.csv', ['file,AU12_r', 'a.jpg,3'], /only-one\.csv: the header lacks AU01_r, AU02_r.*all 17 AUs/],
    [
      'empty-cell.csv',
      [header, row('a.jpg', '')],
      /empty-cell\.csv row 2, column AU12_r \(a\.jpg\): "" is not a number/,
    ],
    ['space.csv', [header, row('a.jpg', ' ')], /row 2, column AU12_r .*"" is not a number/],
    ['hex.csv', [header, row('a.jpg', '0x3')], /"0x3" is not a number/],
    [
      'range.csv',
      [header, row('a.jpg', '7')],
      /row 2, column AU12_r \(a\.jpg\): AU12_r = 7 is outside the raw AU scale 0–5/,
    ],
    ['dup-row.csv', [header, row('a.jpg'), row('a.jpg')], /row 3: a\.jpg already has a target on row 2/],
    ['dup-col.csv', [`${header},AU12_r`, `${row('a.jpg')},1`], /names AU12_r more than once/],
    ['short.csv', [header, 'a.jpg,1,2'], /row 2: 3 fields where the header has 18/],
    ['no-name.csv', [header, row('')], /row 2: the first field \(the file name\) is empty/],
    ['open-quote.csv', [header, row('"a.jpg')], /the quoted field opened on line 2 is never closed/],
    ['blank.csv', [''], /blank\.csv is empty/],
  ];
  for (const [name, lines, says] of cases) assert.throws(() => readTargetsCsv(csv(name, lines)), says, name);
});
