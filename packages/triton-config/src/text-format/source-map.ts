// Where things sit in a config.pbtxt: each field, repeated element and map entry by its path of
// field names, indices and map keys (`['input', 0, 'dims']`), so a rule that fails on a value can
// point at the line and column of that value rather than at the file.

export type LocatedPath = ReadonlyArray<string | number>;

export interface TextPosition {
  line: number;
  column: number;
}

const SEP = '\u001f';
const keyOf = (path: LocatedPath): string => path.join(SEP);

/** The key of `path` extended by one segment, built without an array (the reader's hot path). */
export function childKey(parent: string, segment: string | number): string {
  return parent === '' ? String(segment) : `${parent}${SEP}${segment}`;
}

export class SourceMap {
  private readonly positions = new Map<string, TextPosition>();

  has(path: LocatedPath): boolean {
    return this.positions.has(keyOf(path));
  }

  set(path: LocatedPath, position: TextPosition): void {
    this.setKey(keyOf(path), position);
  }

  /** `set` by a key made with `childKey`. */
  setKey(key: string, position: TextPosition): void {
    this.positions.set(key, { line: position.line, column: position.column });
  }

  hasKey(key: string): boolean {
    return this.positions.has(key);
  }

  /** The position of `path`, or of its nearest ancestor that has one. */
  locate(path: LocatedPath): TextPosition | undefined {
    for (let n = path.length; n > 0; n--) {
      const found = this.positions.get(keyOf(path.slice(0, n)));
      if (found) return found;
    }
    return undefined;
  }

  /** Copies every position into `target`, prefixed by `prefix`. */
  copyInto(target: SourceMap, prefixKey: string): void {
    for (const [key, position] of this.positions) target.positions.set(key === '' ? prefixKey : childKey(prefixKey, key), position);
  }
}
