// Just enough of ZIP to read PyTorch's checkpoint archives: the central directory, stored and
// deflated entries, ZIP64 sizes and offsets.
import { inflateRawSync } from 'node:zlib';
import { BadFileError } from '../../errors.js';

interface Entry {
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

export class ZipReader {
  readonly entries = new Map<string, Entry>();

  constructor(
    private readonly buf: Buffer,
    readonly name: string,
  ) {
    const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (eocd < 0) throw new BadFileError(`${name} is not a ZIP archive (no end-of-central-directory record)`);
    let count = buf.readUInt16LE(eocd + 10);
    let offset = buf.readUInt32LE(eocd + 16);
    const loc64 = eocd - 20;
    if ((offset === 0xffffffff || count === 0xffff) && loc64 >= 0 && buf.readUInt32LE(loc64) === 0x07064b50) {
      const eocd64 = Number(buf.readBigUInt64LE(loc64 + 8));
      count = Number(buf.readBigUInt64LE(eocd64 + 32));
      offset = Number(buf.readBigUInt64LE(eocd64 + 48));
    }
    for (let i = 0; i < count; i++) {
      if (buf.readUInt32LE(offset) !== 0x02014b50) throw new BadFileError(`${name}: damaged ZIP central directory`);
      const nameLen = buf.readUInt16LE(offset + 28);
      const extraLen = buf.readUInt16LE(offset + 30);
      const commentLen = buf.readUInt16LE(offset + 32);
      const entryName = buf.toString('utf8', offset + 46, offset + 46 + nameLen);
      let [compressedSize, size, localOffset] = [
        buf.readUInt32LE(offset + 20),
        buf.readUInt32LE(offset + 24),
        buf.readUInt32LE(offset + 42),
      ];
      // ZIP64 extra field: the 64-bit values, in order, for each 32-bit field that overflowed
      let p = offset + 46 + nameLen;
      const end = p + extraLen;
      while (p + 4 <= end) {
        const [id, len] = [buf.readUInt16LE(p), buf.readUInt16LE(p + 2)];
        if (id === 1) {
          let q = p + 4;
          if (size === 0xffffffff) ((size = Number(buf.readBigUInt64LE(q))), (q += 8));
          if (compressedSize === 0xffffffff) ((compressedSize = Number(buf.readBigUInt64LE(q))), (q += 8));
          if (localOffset === 0xffffffff) localOffset = Number(buf.readBigUInt64LE(q));
        }
        p += 4 + len;
      }
      this.entries.set(entryName, { method: buf.readUInt16LE(offset + 10), compressedSize, size, localOffset });
      offset = end + commentLen;
    }
  }

  read(entryName: string): Buffer {
    const e = this.entries.get(entryName);
    if (!e) throw new BadFileError(`${this.name} has no entry ${entryName}`);
    const h = e.localOffset;
    const start = h + 30 + this.buf.readUInt16LE(h + 26) + this.buf.readUInt16LE(h + 28);
    const raw = this.buf.subarray(start, start + e.compressedSize);
    if (e.method === 0) return raw;
    if (e.method === 8) return inflateRawSync(raw);
    throw new BadFileError(
      `${this.name}: entry ${entryName} uses ZIP compression method ${e.method}, which ganimate cannot read`,
    );
  }
}
