// `ganimate <command>`: the command table, help, --json, and errors that say what to do.
import { parseArgs } from 'node:util';
import { GanimateError } from '../errors.js';
import type { Command, CommandEntry } from './command.js';
import { cliMessage, USER_ERROR_EXIT } from './error-wording.js';

/** Every command, with what its help line says; its module (and all that it imports) loads only when it runs, so a
 * command starts without the module graphs of the fifteen others (about 0.15 s). */
export const COMMANDS: CommandEntry[] = [
  {
    name: 'edit',
    summary: 'change the expression of the faces in a photo (or a folder of photos)',
    load: async () => (await import('./commands/edit.js')).edit,
  },
  {
    name: 'sweep',
    summary: "one AU at several intensities, as a grid (the paper's single-AU figures)",
    load: async () => (await import('./commands/sweep.js')).sweep,
  },
  {
    name: 'animate',
    summary: "animate from the face's own expression to a target",
    load: async () => (await import('./commands/animate.js')).animate,
  },
  {
    name: 'reenact',
    summary: 'drive a photo with the expressions of a face video',
    load: async () => (await import('./commands/reenact.js')).reenactCommand,
  },
  {
    name: 'estimate',
    summary: 'the 17 AU intensities (raw 0–5) of each face in a photo or folder',
    load: async () => (await import('./commands/estimate.js')).estimate,
  },
  {
    name: 'demo',
    summary: 'render the bundled sample photo through several expressions, an animation and a GeoGAN smile transfer',
    load: async () => (await import('./commands/demo.js')).demo,
  },
  {
    name: 'convert',
    summary: 'turn a checkpoint of the published GANimation code (.pth) into ganimate weights and ONNX',
    load: async () => (await import('./commands/convert.js')).convert,
  },
  {
    name: 'export',
    summary:
      'turn trained GANimation weights (safetensors) into ONNX models for the other commands (needs the libtorch engine)',
    load: async () => (await import('./commands/export.js')).exportCommand,
  },
  {
    name: 'train',
    summary:
      'train a model of the registry on a dataset: --model ganimation (the default), au-estimator or geogan (needs the libtorch engine)',
    load: async () => (await import('./commands/train.js')).trainCommand,
  },
  {
    name: 'train-estimator',
    summary:
      'train --model au-estimator: an AU estimator apart from any generator, to judge edits fairly (needs the libtorch engine)',
    load: async () => (await import('./commands/train-estimator.js')).trainEstimatorCommand,
  },
  {
    name: 'plot',
    summary: "a run's loss curves, mask statistics and learning rates as a PNG",
    load: async () => (await import('./commands/train.js')).plotCommand,
  },
  {
    name: 'eval',
    summary:
      "GAN metrics of two image folders (FID, KID, IS, SWD, SSIM, MS-SSIM), or a model's edits of a test split (AU error, identity, artefacts, self-reconstruction, face found, realism; a sample sheet; the shipping gates)",
    load: async () => (await import('./commands/evaluate.js')).evaluate,
  },
  {
    name: 'serve',
    summary: 'the HTTP API (/v1/edit, /v1/animate, /v1/estimate, /v1/transfer) and the web app',
    load: async () => (await import('./commands/serve.js')).serve,
  },
  {
    name: 'transfer',
    summary: 'put the look of an attribute (a smile) from a reference face onto the faces of a photo (GeoGAN)',
    load: async () => (await import('./commands/transfer.js')).transfer,
  },
  {
    name: 'train-geogan',
    summary:
      'train --model geogan: GeoGAN transferring one attribute (a smile) between faces (needs the libtorch engine)',
    load: async () => (await import('./commands/train-geogan.js')).trainGeoGANCommand,
  },
  {
    name: 'eval-transfer',
    summary:
      "a GeoGAN model's transfers on a test split: is the attribute there afterwards (AU estimator), is it the same person",
    load: async () => (await import('./commands/eval-transfer.js')).evalTransfer,
  },
];

function help(c?: Command, entry?: CommandEntry): string {
  if (!c || !entry) {
    return [
      'ganimate — animate faces with Action Units (GANimation) and transfer attributes (GeoGAN)',
      '',
      'usage: ganimate <command> [options]   (ganimate <command> --help for its options)',
      '',
      ...COMMANDS.map((k) => `  ${k.name.padEnd(16)} ${k.summary}`),
      '',
      'Every command takes --json for machine-readable output.',
    ].join('\n');
  }
  const opts = Object.entries(c.options).map(
    ([k, o]) =>
      `  ${o.short ? `-${o.short}, ` : '    '}--${k}${o.type === 'string' ? ' <value>' : ''}`.padEnd(34) +
      o.help +
      (o.default !== undefined && o.default !== false ? ` (default ${o.default})` : ''),
  );
  return [
    `usage: ${c.usage}`,
    '',
    entry.summary,
    '',
    'options:',
    ...opts,
    '      --json'.padEnd(34) + 'print the result as JSON',
    ...(c.examples ? ['', 'examples:', ...c.examples.map((e) => `  ${e}`)] : []),
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(help());
    return name ? 0 : 2;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    console.error(`ganimate: unknown command "${name}"\n\n${help()}`);
    return 2;
  }
  const loaded = await entry.load();
  let command: Command;
  try {
    command = loaded.specialise ? loaded.specialise(rest) : loaded;
  } catch (e) {
    if (!(e instanceof GanimateError)) throw e;
    console.error(`ganimate ${name}: ${e.message}`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { ...command.options, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (e) {
    console.error(`ganimate ${name}: ${(e as Error).message}\n\n${help(command, entry)}`);
    return 2;
  }
  if (parsed.values.help) {
    console.log(help(command, entry));
    return 0;
  }
  const json = Boolean(parsed.values.json);
  try {
    const r = await command.run(parsed.values as Record<string, string | boolean | undefined>, parsed.positionals);
    if (json) console.log(JSON.stringify(r.json));
    else if (r.text) console.log(r.text);
    return r.exitCode ?? 0;
  } catch (e) {
    if (!(e instanceof GanimateError)) throw e;
    const message = cliMessage(e);
    if (json) console.log(JSON.stringify({ error: e.name, message }));
    else console.error(`ganimate ${name}: ${message}`);
    return USER_ERROR_EXIT;
  }
}
