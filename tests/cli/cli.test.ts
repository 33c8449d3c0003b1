// End-to-end: the real `ganimate` binary on real photos with small random-weight ONNX models (eval has its own file,
// eval.test.ts, so that the two run side by side).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { Generator, Critic } from '../../src/models/ganimation/networks/index.js';
import { saveWeights } from '../../src/nn/weights.js';
import { SMALL_128 } from '../support/random-models.js';
import { cliSandbox, faces128 as dataset, repoRoot as root, samplePhoto as photo } from '../support/cli-sandbox.js';
import { COMMANDS, main } from '../../src/cli/main.js';

const bin = join(root, 'bin', 'ganimate.js');
const { dir, M, ganimate } = cliSandbox('cli');

/** main() in this process, its console output captured (usage and help paths only: no models are loaded). */
async function inProcess(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const [out, err] = [[] as string[], [] as string[]];
  const [log, error] = [console.log, console.error];
  console.log = (...a: unknown[]) => void out.push(a.join(' '));
  console.error = (...a: unknown[]) => void err.push(a.join(' '));
  try {
    return { code: await main(args), out: out.join('\n'), err: err.join('\n') };
  } finally {
    [console.log, console.error] = [log, error];
  }
}

describe('ganimate CLI', () => {
  it('every command answers --help (in-process, through main)', async () => {
    for (const c of COMMANDS) {
      const r = await inProcess(c.name, '--help');
      assert.equal(r.code, 0, c.name);
      assert.match(r.out, new RegExp(`usage: ganimate ${c.name}`));
    }
    assert.equal((await inProcess()).code, 2);
    assert.match((await inProcess('frobnicate')).err, /unknown command "frobnicate"/);
    assert.match((await inProcess('edit', '--bogus')).err, /Unknown option '--bogus'/);
    // and the real binary, once
    assert.match(ganimate('edit', '--help').out, /usage: ganimate edit/);
  });

  it('edit: a photo with an emotion preset, JSON result', () => {
    const out = join(dir, 'happy.jpg');
    const r = ganimate('edit', photo, '--emotion', 'happy', '-o', out, '--json', ...M);
    assert.equal(r.code, 0, r.err);
    assert.equal(JSON.parse(r.out).output, out);
    assert.ok(existsSync(out));
    const fast = ganimate(
      'edit',
      photo,
      '--emotion',
      'happy',
      '-o',
      join(dir, 'happy-fast.jpg'),
      '--detector',
      'fast',
      ...M,
    );
    assert.equal(fast.code, 0, fast.err);
    assert.match(
      ganimate('edit', photo, '--emotion', 'happy', '-o', out, '--detector', 'yolo', ...M).err,
      /--detector must be ssd or fast/,
    );
  });

  it('edit: an output in a missing folder or onto a folder exits 2 with what to do, no stack trace', () => {
    for (const [out, says] of [
      [join(dir, 'no-such-folder', 'x.jpg'), /does not exist; create it first/],
      [dir, /it is a folder; give a file name/],
    ] as const) {
      const r = ganimate('edit', photo, '--emotion', 'happy', '-o', out, ...M);
      assert.equal(r.code, 2, r.err);
      assert.match(r.err, says);
      assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
    }
    const own = join(dir, 'own.png');
    copyFileSync(photo, own);
    const onto = ganimate('edit', own, '--emotion', 'happy', '-o', own, ...M);
    assert.equal(onto.code, 2, onto.err);
    assert.match(onto.err, /is the input photo; choose another output, or pass --overwrite/);
    assert.deepEqual(readFileSync(own), readFileSync(photo), 'the input is untouched');
  });

  it('edit: a folder of aligned crops with a targets CSV, streaming, one output each', () => {
    const ids = readFileSync(join(dataset, 'test_ids.csv'), 'utf8').split('\n').slice(0, 3);
    const folder = join(dir, 'crops');
    mkdirSync(folder, { recursive: true });
    for (const id of ids) copyFileSync(join(dataset, 'imgs', `${id}.jpg`), join(folder, `${id}.jpg`));
    const header =
      'file,AU01_r,AU02_r,AU04_r,AU05_r,AU06_r,AU07_r,AU09_r,AU10_r,AU12_r,AU14_r,AU15_r,AU17_r,AU20_r,AU23_r,AU25_r,AU26_r,AU45_r';
    const row = (id: string, au12: string) => `${id}.jpg,0,0,0,0,2,0,0,0,${au12},0,0,0,0,0,0,0,0`;
    writeFileSync(join(dir, 'targets.csv'), [header, ...ids.map((id) => row(id, '4'))].join('\n'));
    const r = ganimate(
      'edit',
      folder,
      '--targets',
      join(dir, 'targets.csv'),
      '--aligned',
      '-o',
      join(dir, 'edited'),
      '--json',
      ...M,
    );
    assert.equal(r.code, 0, r.err);
    assert.equal(JSON.parse(r.out).edited, 3);
    assert.equal(readdirSync(join(dir, 'edited')).length, 3);
    assert.match(r.err, /edit \[#+\] 3\/3 .* photos\/s ETA/);
    writeFileSync(join(dir, 'bad.csv'), [header, row(ids[0]!, '7')].join('\n'));
    const bad = ganimate('edit', folder, '--targets', join(dir, 'bad.csv'), '--aligned', '-o', join(dir, 'x'), ...M);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /bad\.csv row 2, column AU12_r .*AU12_r = 7 is outside the raw AU scale 0–5/);
  });

  it('edit: Ctrl-C in a folder batch stops after the current photo, keeps every finished output, exits 130', async () => {
    const ids = readFileSync(join(dataset, 'test_ids.csv'), 'utf8').split('\n').slice(0, 60);
    const [folder, out] = [join(dir, 'many'), join(dir, 'many-edited')];
    mkdirSync(folder, { recursive: true });
    for (const id of ids) copyFileSync(join(dataset, 'imgs', `${id}.jpg`), join(folder, `${id}.jpg`));
    const child = spawn(
      process.execPath,
      [bin, 'edit', folder, '--emotion', 'happy', '--aligned', '-o', out, '--json', ...M],
      { cwd: dir },
    );
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => void (stdout += d));
    const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
    while (!existsSync(out) || readdirSync(out).filter((f) => f.endsWith('.jpg')).length < 2)
      await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGINT');
    assert.equal(await exited, 130);
    const report = JSON.parse(stdout) as { edited: number; stopped: string };
    assert.equal(report.stopped, 'Ctrl-C');
    const written = readdirSync(out);
    assert.ok(report.edited >= 2 && report.edited < ids.length, `edited ${report.edited}`);
    assert.equal(written.length, report.edited, 'every finished output is there, and no temporary file');
    for (const f of written) assert.equal((await sharp(join(out, f)).metadata()).width, 128);
  });

  it('animate: GIF, MP4 and a folder of frames from the face’s own AUs', async () => {
    for (const out of ['a.gif', 'a.mp4', 'frames/']) {
      const r = ganimate('animate', photo, '--to', 'surprise', '--frames', '5', '-o', join(dir, out), ...M);
      assert.equal(r.code, 0, `${out}: ${r.err}`);
    }
    assert.equal((await sharp(join(dir, 'a.gif'), { animated: true }).metadata()).pages, 5);
    assert.equal(readFileSync(join(dir, 'a.mp4')).subarray(4, 8).toString(), 'ftyp');
    assert.equal(readdirSync(join(dir, 'frames')).length, 5);
  });

  it('sweep and estimate', () => {
    const s = ganimate('sweep', photo, '--au', '12', '--steps', '0,2.5,5', '-o', join(dir, 'sweep.png'), ...M);
    assert.equal(s.code, 0, s.err);
    const e = ganimate('estimate', photo, '--json', ...M);
    const rows = JSON.parse(e.out) as { aus: number[] }[];
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.aus.length, 17);
  });

  it('train: a short run with samples and loss curves, then --resume from its run folder', async () => {
    const r = ganimate(
      'train',
      '--data',
      dataset,
      '--config',
      'tiny',
      '--iterations',
      '4',
      '--runs',
      join(dir, 'runs'),
      '--json',
    );
    assert.equal(r.code, 0, r.err);
    const run = JSON.parse(r.out).runDir as string;
    for (const f of ['G.safetensors', 'loss-curves.png', 'samples/iter-0000004.png', 'checkpoints/latest'])
      assert.ok(existsSync(join(run, f)), f);
    const again = await inProcess('train', '--resume', run, '--dry-run', '--json');
    assert.equal(again.code, 0, again.err);
    assert.equal(JSON.parse(again.out).options.maxIterations, 4);
    const changed = await inProcess('train', '--resume', run, '--iterations', '9');
    assert.equal(changed.code, 2);
    assert.match(changed.err, /--iterations cannot change there/);
    // damaged run folders: exit 2 with what to do, never a stack trace
    const damage: [string, (copy: string, state: string) => void, RegExp][] = [
      [
        'truncated options.json',
        (c) => writeFileSync(join(c, 'options.json'), '{"options":{"da'),
        /options\.json is damaged/,
      ],
      [
        'truncated state.json',
        (_c, st) => writeFileSync(st, readFileSync(st, 'utf8').slice(0, 20)),
        /state\.json cannot be read .*damaged/,
      ],
      [
        'malformed RNG state',
        (_c, st) => writeFileSync(st, JSON.stringify({ ...JSON.parse(readFileSync(st, 'utf8')), torchRng: 'AAAA' })),
        /random-generator state is malformed \(3 bytes/,
      ],
      [
        'latest pointing outside',
        (c) => writeFileSync(join(c, 'checkpoints', 'latest'), '../../../etc'),
        /should name a checkpoint folder such as iter-0000500/,
      ],
    ];
    for (const [what, spoil, message] of damage) {
      const copy = join(dir, 'runs', `damaged-${what.replaceAll(' ', '-')}`);
      cpSync(run, copy, { recursive: true });
      spoil(
        copy,
        join(copy, 'checkpoints', readFileSync(join(copy, 'checkpoints', 'latest'), 'utf8').trim(), 'state.json'),
      );
      const d = ganimate('train', '--resume', copy);
      assert.equal(d.code, 2, `${what}: ${d.err}`);
      assert.match(d.err, message, what);
      assert.doesNotMatch(d.err, /\bat .+\.js:\d+/, `${what}: no stack trace`);
    }
  });

  it('user errors exit 2 with a message that says what to do, and write nothing', async () => {
    const grey = join(dir, 'grey.png');
    spawnSync(
      process.execPath,
      [
        '-e',
        `require('sharp')({create:{width:200,height:200,channels:3,background:'#888'}}).png().toFile(${JSON.stringify(grey)})`,
      ],
      { cwd: root },
    );
    writeFileSync(join(dir, 'junk.jpg'), 'not an image');
    const out = join(dir, 'user-error.jpg');
    const cases: [string[], RegExp][] = [
      [['edit', grey, '--emotion', 'happy', '-o', out, ...M], /no face found in .*grey\.png/],
      [['edit', join(dir, 'junk.jpg'), '--emotion', 'happy', '-o', out, ...M], /not an image ganimate can read/],
      [['edit', photo, '--au', '12=6', '-o', out, ...M], /outside the raw AU scale 0–5/],
      [['edit', photo, '--emotion', 'joy', '-o', out, ...M], /unknown emotion "joy"/],
      [['edit', photo, '-o', out, ...M], /say what expression to make/],
      [
        ['edit', photo, '--emotion', 'happy', '-o', out, '--model', join(dir, 'missing.onnx')],
        /missing\.onnx does not exist/,
      ],
      [
        ['animate', photo, '--to', 'happy', '--frames', '1', '-o', join(dir, 'user-error.gif'), ...M],
        /--frames must be a whole number from 2 to 600/,
      ],
      [['edit', photo, '--emotion', 'happy', '-o', join(dir, 'user-error.bmp'), ...M], /cannot write "\.bmp"/],
      [
        ['train', '--data', dataset, '--init-d', join(dir, 'no-D.safetensors'), '--dry-run'],
        /--init-d: .*no-D\.safetensors does not exist; pass a run's D\.safetensors/,
      ],
      [['train', '--data', dataset, '--loss', 'cnd=1', '--dry-run'], /unknown loss weight "cnd"; known: prob, cond/],
    ];
    // in-process, through main(): the same parsing, wording and exit codes without a process each
    for (const [args, msg] of cases) {
      const r = await inProcess(...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
      assert.match(r.err, msg);
      assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace for user errors');
    }
    assert.ok(!existsSync(out) && !existsSync(join(dir, 'user-error.gif')) && !existsSync(join(dir, 'user-error.bmp')));
  });

  it('export: trained weights (safetensors) to the ONNX models the commands load', async () => {
    const G = new Generator(SMALL_128);
    const D = new Critic(SMALL_128);
    saveWeights(G, join(dir, 'G.safetensors'));
    saveWeights(D, join(dir, 'D.safetensors'));
    G.dispose();
    D.dispose();
    const cfg = JSON.stringify(SMALL_128);
    const r = ganimate(
      'export',
      '--generator',
      join(dir, 'G.safetensors'),
      '--critic',
      join(dir, 'D.safetensors'),
      '--config',
      cfg,
      '-o',
      join(dir, 'exported'),
    );
    assert.equal(r.code, 0, r.err);
    const e = ganimate(
      'edit',
      photo,
      '--like',
      photo,
      '-o',
      join(dir, 'like.png'),
      '--model',
      join(dir, 'exported', 'ganimation-generator.onnx'),
      '--estimator',
      join(dir, 'exported', 'au-estimator.onnx'),
    );
    assert.equal(e.code, 0, e.err);
    assert.match((await inProcess('export', '--run', dir)).err, /is not a training run folder \(no options\.json\)/);
    mkdirSync(join(dir, 'run'));
    writeFileSync(join(dir, 'run', 'options.json'), JSON.stringify({ options: { model: SMALL_128 } }));
    assert.match(
      (await inProcess('export', '--run', join(dir, 'run'))).err,
      /has no G\.safetensors: the run has not finished/,
    );
    const wrong = await inProcess('export', '--generator', join(dir, 'G.safetensors'), '-o', join(dir, 'x'));
    assert.equal(wrong.code, 2);
    assert.match(wrong.err, /does not fit Generator.*configuration/);
  });
});
