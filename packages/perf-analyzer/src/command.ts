/** What a saved `perf_analyzer …` command line says, for the facts its stdout does not print. */
export interface CommandFlags {
  model?: string;
  batch?: number;
  serviceKind?: string;
  protocol?: string;
}

/**
 * Reads `-m`, `-b`, `--service-kind` and `-i` from a perf_analyzer command line, in both `--flag value`
 * and `--flag=value` spellings. Whitespace splitting is enough: perf_analyzer's own argv has no quoting
 * that would change these flags' values.
 */
export function commandFlags(command: string | undefined): CommandFlags {
  const out: CommandFlags = {};
  if (command === undefined) return out;
  const words = command.split(/\s+/);
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    const eq = word.indexOf('=');
    const [flag, inline] = word.startsWith('--') && eq > 0 ? [word.slice(0, eq), word.slice(eq + 1)] : [word, undefined];
    const value = inline ?? words[i + 1];
    if (value === undefined) continue;
    if (flag === '-m' || flag === '--model-name') out.model = value;
    else if (flag === '-b' || flag === '--batch-size') out.batch = Number(value);
    else if (flag === '--service-kind') out.serviceKind = value;
    else if (flag === '-i' || flag === '--protocol') out.protocol = value;
  }
  return out;
}
