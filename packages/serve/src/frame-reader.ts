/**
 * Cuts a byte stream into length-prefixed frames (a little-endian u32 length, then that many bytes). A
 * frame that arrives whole inside one chunk is handed over as a view of it; one spread over chunks is
 * gathered into a buffer allocated once at its full size, which also starts it at an aligned address.
 */
export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;

  constructor(private readonly onFrame: (frame: Buffer) => void) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
      const length = this.peekLength();
      if (length === undefined || this.buffered < 4 + length) return;
      this.onFrame(this.take(4 + length));
    }
  }

  private peekLength(): number | undefined {
    if (this.buffered < 4) return undefined;
    const first = this.chunks[0]!;
    if (first.length >= 4) return first.readUInt32LE(0);
    return this.take(4, false).readUInt32LE(0);
  }

  /** The next `size` bytes, removed from the queue unless `consume` is false. */
  private take(size: number, consume = true): Buffer {
    const first = this.chunks[0]!;
    if (first.length >= size) {
      if (!consume) return first;
      if (first.length === size) this.chunks.shift();
      else this.chunks[0] = first.subarray(size);
      this.buffered -= size;
      return first.subarray(0, size);
    }
    const out = Buffer.allocUnsafeSlow(size);
    let filled = 0;
    let index = 0;
    while (filled < size) {
      const chunk = this.chunks[index]!;
      const part = Math.min(chunk.length, size - filled);
      chunk.copy(out, filled, 0, part);
      filled += part;
      if (consume) {
        if (part === chunk.length) this.chunks.shift();
        else this.chunks[0] = chunk.subarray(part);
      } else index += 1;
    }
    if (consume) this.buffered -= size;
    return out;
  }
}
