// `ganimate <command>`: the command table, help, --json, and errors that say what to do.
import { parseArgs } from 'node:util';
import { GanimateError } from '../errors.js';
import type { Command } from './command.js';
import { animate } from './commands/animate.js';
import { convert } from './commands/convert.js';
import { demo } from './commands/demo.js';
import { edit } from './commands/edit.js';
import { estimate } from './commands/estimate.js';
import { evaluate } from './commands/evaluate.js';
import { evalTransfer } from './commands/eval-transfer.js';
import { exportCommand } from './commands/export.js';
import { reenactCommand } from './commands/reenact.js';
import { serve } from './commands/serve.js';
import { sweep } from './commands/sweep.js';
import { transfer } from './commands/transfer.js';
import { plotCommand, trainCommand } from './commands/train.js';
import { trainEstimatorCommand } from './commands/train-estimator.js';
import { trainGeoGANCommand } from './commands/train-geogan.js';

export const COMMANDS: Command[] = [
  edit,
  sweep,
  animate,
  reenactCommand,
  estimate,
  demo,
  convert,
  exportCommand,
  trainCommand,
  trainEstimatorCommand,
  plotCommand,
  evaluate,
  serve,
  transfer,
  trainGeoGANCommand,
  evalTransfer,
];

function help(c?: Command): string {
  if (!c) {
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
    c.summary,
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
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    console.error(`ganimate: unknown command "${name}"\n\n${help()}`);
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
    console.error(`ganimate ${name}: ${(e as Error).message}\n\n${help(command)}`);
    return 2;
  }
  if (parsed.values.help) {
    console.log(help(command));
    return 0;
  }
  const json = Boolean(parsed.values.json);
  try {
    const r = await command.run(parsed.values as Record<string, string | boolean | undefined>, parsed.positionals);
    console.log(json ? JSON.stringify(r.json) : r.text);
    return r.exitCode ?? 0;
  } catch (e) {
    if (!(e instanceof GanimateError)) throw e;
    if (json) console.log(JSON.stringify({ error: e.name, message: e.message }));
    else console.error(`ganimate ${name}: ${e.message}`);
    return 2;
  }
}
