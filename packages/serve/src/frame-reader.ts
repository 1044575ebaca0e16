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

/**
 * The instance's side of the pipe, read straight from the pipe into a reused read buffer (net.Socket's
 * `onread`). A frame that arrives whole in one read — a request's usually does — is handed over as a view of
 * that read buffer, not copied; only a frame spread over reads is gathered, into one buffer that is kept and
 * reused (grown when a larger frame comes). No memory is allocated per request, so none is faulted in
 * afresh: fresh 100 KB buffers cost more in page faults than their copies. A frame handed over is a view
 * valid until the next `push` (the next read reuses the read buffer); that is safe because the server sends
 * an instance its next request only after the answer to the last.
 */
export class ReusingFrameReader {
  private buffer = Buffer.allocUnsafeSlow(1 << 20);
  private filled = 0;

  constructor(private readonly onFrame: (frame: Buffer) => void) {}

  push(chunk: Uint8Array): void {
    let at = 0;
    if (this.filled === 0) {
      // Whole frames at the head of the chunk go out as views of it.
      const view = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      while (view.length - at >= 4) {
        const end = at + 4 + view.readUInt32LE(at);
        if (end > view.length) break;
        this.onFrame(view.subarray(at, end));
        at = end;
      }
      if (at === view.length) return;
    }
    this.gather(chunk.subarray(at));
  }

  /** Appends bytes of a frame spread over reads, and hands over every frame that is now whole. */
  private gather(chunk: Uint8Array): void {
    if (this.filled + chunk.length > this.buffer.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(2 * this.buffer.length, this.filled + chunk.length));
      this.buffer.copy(grown, 0, 0, this.filled);
      this.buffer = grown;
    }
    this.buffer.set(chunk, this.filled);
    this.filled += chunk.length;
    let start = 0;
    while (this.filled - start >= 4) {
      const end = start + 4 + this.buffer.readUInt32LE(start);
      if (end > this.filled) break;
      this.onFrame(this.buffer.subarray(start, end));
      start = end;
    }
    if (start > 0) {
      this.buffer.copyWithin(0, start, this.filled);
      this.filled -= start;
    }
  }
}
