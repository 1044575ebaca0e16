/**
 * Replaces every secret value in a text by `***`. Longest first, so a secret containing another is
 * hidden whole; values shorter than 3 characters are not masked (they would blank out ordinary text).
 */
export function createMasker(secrets: readonly string[]): (text: string) => string {
  const values = [...new Set(secrets)].filter((s) => s.length >= 3).sort((a, b) => b.length - a.length);
  if (values.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const value of values) out = out.replaceAll(value, '***');
    return out;
  };
}
