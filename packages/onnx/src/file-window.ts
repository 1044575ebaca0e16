import { closeSync, openSync, readSync } from 'node:fs';
import { InvalidInputError } from '@pipeline/errors';

/**
 * Positioned reads over a model file, buffered in a small window, so the sparse reader can walk
 * protobuf tags and lengths without holding the file in memory.
 */
export class FileWindow {
  private readonly fd: number;
  private readonly window = Buffer.alloc(64 * 1024);
  private windowStart = 0;
  private windowLength = 0;

  constructor(
    readonly file: string,
    readonly size: number,
  ) {
    this.fd = openSync(file, 'r');
  }

  close(): void {
    closeSync(this.fd);
  }

  /** Throws the error a file cut short gets: it names the file and the byte. */
  truncated(at: number): never {
    throw new InvalidInputError('E_ONNX_TRUNCATED', `${this.file} is truncated or corrupt: a protobuf field at byte ${at} runs past the end of the file (${this.size} bytes)`, {
      hint: 'the download or copy may be incomplete; fetch the model again',
    });
  }

  private byte(pos: number): number {
    if (pos >= this.size) this.truncated(pos);
    if (pos < this.windowStart || pos >= this.windowStart + this.windowLength) {
      this.windowStart = pos;
      this.windowLength = readSync(this.fd, this.window, 0, this.window.length, pos);
    }
    return this.window[pos - this.windowStart] ?? 0;
  }

  /** A varint at `pos`: its value (exact up to 2^53, enough for tags and lengths) and the position after it. */
  varint(pos: number): [value: number, next: number] {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const b = this.byte(pos + i);
      value += (b & 0x7f) * scale;
      if (b < 0x80) return [value, pos + i + 1];
      scale *= 128;
    }
    throw new InvalidInputError('E_ONNX_MALFORMED', `${this.file} is not a valid protobuf file: a varint at byte ${pos} is longer than 10 bytes`);
  }

  /** Copies `length` bytes at `pos` out of the file. */
  read(pos: number, length: number): Buffer {
    if (pos + length > this.size) this.truncated(pos);
    const out = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd, out, done, length - done, pos + done);
      if (n === 0) this.truncated(pos + done);
      done += n;
    }
    return out;
  }
}
