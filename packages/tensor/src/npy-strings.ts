/** Fixed-width numpy strings: `U` is UTF-32 code units per character, `S` is bytes; both pad with NULs. */
export function decodeNpyStrings(body: Uint8Array, count: number, width: { kind: 'U' | 'S'; chars: number }, littleEndian: boolean): string[] {
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const utf8 = new TextDecoder();
  const out = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    if (width.kind === 'S') {
      const item = body.subarray(i * width.chars, (i + 1) * width.chars);
      const end = item.indexOf(0);
      out[i] = utf8.decode(end === -1 ? item : item.subarray(0, end));
      continue;
    }
    const codePoints: number[] = [];
    for (let c = 0; c < width.chars; c++) {
      const codePoint = view.getUint32((i * width.chars + c) * 4, littleEndian);
      if (codePoint === 0) break;
      codePoints.push(codePoint);
    }
    out[i] = String.fromCodePoint(...codePoints);
  }
  return out;
}

/** Encodes strings as `<U{longest}` the way numpy stores a str array. */
export function encodeNpyStrings(values: readonly string[]): { bytes: Uint8Array; descr: string } {
  const codePoints = values.map((v) => Array.from(v, (ch) => ch.codePointAt(0)!));
  const chars = Math.max(1, ...codePoints.map((c) => c.length));
  const bytes = new Uint8Array(values.length * chars * 4);
  const view = new DataView(bytes.buffer);
  codePoints.forEach((points, i) => {
    points.forEach((point, c) => {
      view.setUint32((i * chars + c) * 4, point, true);
    });
  });
  return { bytes, descr: `<U${chars}` };
}
