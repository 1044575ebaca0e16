/**
 * Signals a whole process group (the child was spawned `detached`, so it leads its own group and
 * grandchildren inherit it). ESRCH — the group is already gone — is not an error.
 */
export function signalProcessGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') {
      try {
        process.kill(pid, signal);
      } catch {
        // Gone between the two calls.
      }
    }
  }
}

/** Splits a byte stream into lines, carrying a partial last line over to the next chunk. */
export function lineSplitter(onLine: (line: string) => void): { push(chunk: string): void; flush(): void } {
  let carry = '';
  return {
    push(chunk) {
      const text = carry + chunk;
      const parts = text.split(/\r?\n/);
      carry = parts.pop() ?? '';
      for (const line of parts) onLine(line);
    },
    flush() {
      if (carry) onLine(carry);
      carry = '';
    },
  };
}

/** Keeps the last `limit` characters of a growing text (stdout of a chatty tool must not fill memory). */
export class TailBuffer {
  private text = '';
  constructor(private readonly limit: number) {}
  append(chunk: string): void {
    this.text += chunk;
    if (this.text.length > this.limit * 2) this.text = this.text.slice(-this.limit);
  }
  toString(): string {
    return this.text.length > this.limit ? this.text.slice(-this.limit) : this.text;
  }
}

/** `argv` as one printable line, quoting what a shell would split. */
export function printableCommand(file: string, args: readonly string[]): string {
  return [file, ...args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", `'\\''`)}'`)).join(' ');
}
