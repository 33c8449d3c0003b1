// A long-lived PyTorch process (bench/pytorch/*.py) that runs one named measurement per request.
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { createInterface, type Interface } from 'node:readline';

export class PyTorchPeer {
  private readonly proc: ChildProcessByStdio<Writable, Readable, null>;
  private readonly lines: Interface;
  private readonly pending: ((line: string) => void)[] = [];
  info: Record<string, unknown> = {};

  private constructor(script: string, args: string[]) {
    this.proc = spawn('/usr/bin/python3', [script, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.lines = createInterface({ input: this.proc.stdout });
    this.lines.on('line', (l) => this.pending.shift()?.(l));
  }

  /** `needs`: the Debian packages the script imports, for the error when it exits. */
  static async start(script: string, args: string[], needs = 'python3-torch'): Promise<PyTorchPeer> {
    const peer = new PyTorchPeer(script, args);
    const exited = new Promise<never>((_, reject) =>
      peer.proc.on('exit', (code) =>
        reject(new Error(`the Python side exited (${code}); it needs \`apt-get install -y ${needs}\``)),
      ),
    );
    peer.info = JSON.parse(await Promise.race([peer.next(), exited])) as Record<string, unknown>;
    return peer;
  }

  private next(): Promise<string> {
    return new Promise((resolve) => this.pending.push(resolve));
  }

  /** Runs the named measurement once over there; its milliseconds. */
  async run(name: string): Promise<number> {
    return (await this.request<{ ms: number }>(name)).ms;
  }

  /** Sends one request line; its one-line JSON reply. */
  async request<T>(line: string): Promise<T> {
    const reply = this.next();
    this.proc.stdin.write(`${line}\n`);
    return JSON.parse(await reply) as T;
  }

  stop(): void {
    this.proc.stdin.end();
  }
}
