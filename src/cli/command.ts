// The shape of a CLI command: its options table (with help text) and what it does.
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  help: string;
  default?: string | boolean;
}

export interface CommandResult {
  /** What a person reads. */
  text: string;
  /** What --json prints. */
  json: unknown;
  /** Non-zero when part of the work failed (e.g. some photos of a batch). */
  exitCode?: number;
}

export interface Command {
  name: string;
  usage: string;
  options: Record<string, OptionSpec>;
  examples?: string[];
  run(values: Record<string, string | boolean | undefined>, positionals: string[]): Promise<CommandResult>;
  /** The command for these arguments, where its flags depend on one of them (train: the model's options table). */
  specialise?(args: string[]): Command;
}

/** A command as the CLI lists it: its name and one-line summary, and its module, loaded when it runs. */
export interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<Command>;
}

/** Options every inference command takes. */
export const MODEL_OPTIONS: Record<string, OptionSpec> = {
  model: { type: 'string', help: 'generator ONNX (default: the model shipped in models/)' },
  estimator: { type: 'string', help: 'AU estimator ONNX (default: the one shipped in models/)' },
  'min-confidence': { type: 'string', help: 'face detector threshold, 0–1', default: '0.5' },
  detector: {
    type: 'string',
    help: 'face detector: fast (SSD MobileNet on ONNX Runtime, the tiny detector when it finds nothing; tight crops up to 400 px: the tiny detector first) or ssd (SSD alone)',
    default: 'fast',
  },
  threads: { type: 'string', help: 'ONNX Runtime threads (0 = automatic)', default: '0' },
};
