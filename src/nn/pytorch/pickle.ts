// A small, safe pickle reader: it builds plain values and never runs code. Classes are resolved by
// a caller-supplied table (anything else is an error), as torch.load(weights_only=True) does.
import { BadFileError } from '../../errors.js';

export type Callable = (...args: unknown[]) => unknown;

export interface UnpicklerHooks {
  /** A constructor or function for module.name, or undefined to refuse it. */
  findClass(module: string, name: string): Callable | undefined;
  persistentLoad(pid: unknown): unknown;
}

export class Unpickler {
  pos: number;
  private readonly memo = new Map<number, unknown>();
  private stack: unknown[] = [];
  private marks: number[] = [];

  constructor(
    private readonly buf: Buffer,
    private readonly hooks: UnpicklerHooks,
    readonly name: string,
    start = 0,
  ) {
    this.pos = start;
  }

  private fail(why: string): never {
    throw new BadFileError(`${this.name}: ${why} at byte ${this.pos}; ganimate cannot read this pickle`);
  }

  private u8(): number {
    return this.buf[this.pos++]!;
  }
  private take(n: number): Buffer {
    if (this.pos + n > this.buf.length) this.fail('truncated data');
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }
  private line(): string {
    const end = this.buf.indexOf(0x0a, this.pos);
    if (end < 0) this.fail('unterminated text');
    const s = this.buf.toString('latin1', this.pos, end);
    this.pos = end + 1;
    return s;
  }
  private pop(): unknown {
    if (!this.stack.length) this.fail('stack underflow');
    return this.stack.pop();
  }
  private popMark(): unknown[] {
    const m = this.marks.pop();
    if (m === undefined) this.fail('missing MARK');
    const items = this.stack.splice(m);
    return items;
  }
  private top(): unknown {
    return this.stack[this.stack.length - 1];
  }
  private global(module: string, name: string): Callable {
    const f = this.hooks.findClass(module, name);
    if (!f) this.fail(`refusing to load ${module}.${name} (only tensors and plain containers are read)`);
    return f;
  }

  /** Reads one pickle (up to STOP) and returns its value. */
  load(): unknown {
    this.stack = [];
    this.marks = [];
    for (;;) {
      if (this.pos >= this.buf.length) this.fail('no STOP opcode');
      const op = this.u8();
      switch (op) {
        case 0x80:
          this.u8();
          break; // PROTO
        case 0x95:
          this.pos += 8;
          break; // FRAME
        case 0x2e:
          return this.pop(); // STOP
        case 0x28:
          this.marks.push(this.stack.length);
          break; // MARK
        case 0x7d:
          this.stack.push(new Map());
          break; // EMPTY_DICT
        case 0x5d:
          this.stack.push([]);
          break; // EMPTY_LIST
        case 0x29:
          this.stack.push([]);
          break; // EMPTY_TUPLE
        case 0x4e:
          this.stack.push(null);
          break; // NONE
        case 0x88:
          this.stack.push(true);
          break;
        case 0x89:
          this.stack.push(false);
          break;
        case 0x4b:
          this.stack.push(this.u8());
          break; // BININT1
        case 0x4d:
          this.stack.push(this.take(2).readUInt16LE());
          break; // BININT2
        case 0x4a:
          this.stack.push(this.take(4).readInt32LE());
          break; // BININT
        case 0x8a:
          this.stack.push(this.long(this.take(this.u8())));
          break; // LONG1
        case 0x8b:
          this.stack.push(this.long(this.take(this.take(4).readInt32LE())));
          break; // LONG4
        case 0x47:
          this.stack.push(this.take(8).readDoubleBE());
          break; // BINFLOAT
        case 0x49: {
          const s = this.line();
          this.stack.push(s === '00' ? false : s === '01' ? true : Number(s));
          break;
        } // INT
        case 0x4c:
          this.stack.push(Number(this.line().replace(/L$/, '')));
          break; // LONG
        case 0x58:
          this.stack.push(this.take(this.take(4).readUInt32LE()).toString('utf8'));
          break; // BINUNICODE
        case 0x8c:
          this.stack.push(this.take(this.u8()).toString('utf8'));
          break; // SHORT_BINUNICODE
        case 0x8d:
          this.stack.push(this.take(Number(this.take(8).readBigUInt64LE())).toString('utf8'));
          break; // BINUNICODE8
        case 0x55:
          this.stack.push(this.take(this.u8()).toString('latin1'));
          break; // SHORT_BINSTRING
        case 0x54:
          this.stack.push(this.take(this.take(4).readInt32LE()).toString('latin1'));
          break; // BINSTRING
        case 0x43:
          this.stack.push(Buffer.from(this.take(this.u8())));
          break; // SHORT_BINBYTES
        case 0x42:
          this.stack.push(Buffer.from(this.take(this.take(4).readUInt32LE())));
          break; // BINBYTES
        case 0x8e:
          this.stack.push(Buffer.from(this.take(Number(this.take(8).readBigUInt64LE()))));
          break; // BINBYTES8
        case 0x74:
          this.stack.push(this.popMark());
          break; // TUPLE
        case 0x85:
          this.stack.push([this.pop()]);
          break; // TUPLE1
        case 0x86: {
          const b = this.pop();
          this.stack.push([this.pop(), b]);
          break;
        } // TUPLE2
        case 0x87: {
          const c = this.pop();
          const b = this.pop();
          this.stack.push([this.pop(), b, c]);
          break;
        } // TUPLE3
        case 0x6c:
          this.stack.push(this.popMark());
          break; // LIST
        case 0x64: {
          const items = this.popMark();
          const m = new Map();
          for (let i = 0; i < items.length; i += 2) m.set(items[i], items[i + 1]);
          this.stack.push(m);
          break;
        } // DICT
        case 0x61: {
          const v = this.pop();
          (this.top() as unknown[]).push(v);
          break;
        } // APPEND
        case 0x65: {
          const items = this.popMark();
          (this.top() as unknown[]).push(...items);
          break;
        } // APPENDS
        case 0x73: {
          const v = this.pop();
          const k = this.pop();
          this.setItem(this.top(), k, v);
          break;
        } // SETITEM
        case 0x75: {
          const items = this.popMark();
          for (let i = 0; i < items.length; i += 2) this.setItem(this.top(), items[i], items[i + 1]);
          break;
        } // SETITEMS
        case 0x63: {
          const module = this.line();
          this.stack.push(this.global(module, this.line()));
          break;
        } // GLOBAL
        case 0x93: {
          const name = this.pop() as string;
          this.stack.push(this.global(this.pop() as string, name));
          break;
        } // STACK_GLOBAL
        case 0x52: {
          const args = this.pop() as unknown[];
          this.stack.push((this.pop() as Callable)(...args));
          break;
        } // REDUCE
        case 0x81: {
          const args = this.pop() as unknown[];
          this.stack.push((this.pop() as Callable)(...args));
          break;
        } // NEWOBJ
        case 0x62: {
          const state = this.pop();
          const obj = this.top() as { setState?: (s: unknown) => void };
          obj?.setState?.(state);
          break;
        } // BUILD (other state, e.g. OrderedDict._metadata, is not needed)
        case 0x71:
          this.memo.set(this.u8(), this.top());
          break; // BINPUT
        case 0x72:
          this.memo.set(this.take(4).readUInt32LE(), this.top());
          break; // LONG_BINPUT
        case 0x94:
          this.memo.set(this.memo.size, this.top());
          break; // MEMOIZE
        case 0x70:
          this.memo.set(Number(this.line()), this.top());
          break; // PUT
        case 0x68:
          this.stack.push(this.memo.get(this.u8()));
          break; // BINGET
        case 0x6a:
          this.stack.push(this.memo.get(this.take(4).readUInt32LE()));
          break; // LONG_BINGET
        case 0x67:
          this.stack.push(this.memo.get(Number(this.line())));
          break; // GET
        case 0x51:
          this.stack.push(this.hooks.persistentLoad(this.pop()));
          break; // BINPERSID
        case 0x50:
          this.stack.push(this.hooks.persistentLoad(this.line()));
          break; // PERSID
        default:
          this.fail(`unsupported pickle opcode 0x${op.toString(16)}`);
      }
    }
  }

  private setItem(target: unknown, k: unknown, v: unknown): void {
    if (!(target instanceof Map)) this.fail('SETITEM on something that is not a dict');
    target.set(k, v);
  }

  private long(b: Buffer): number {
    if (!b.length) return 0;
    let v = 0n;
    for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
    if (b[b.length - 1]! & 0x80) v -= 1n << BigInt(8 * b.length);
    return Number(v);
  }
}
