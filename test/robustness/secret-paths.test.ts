// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is the pipeline expression syntax.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, folderWith } from './cli.js';

// Finding 8 of issue 16: a secret in an output file name was written unmasked into run.json, --json,
// the cache entry, the hash memo and the store's folder names. It is refused at check time.
const SECRET = 'sk-live-4f9a2c71';
const pipeline = (outputs: string) => `secrets: [MY_SECRET]
stages:
  s:
    uses: exec
    with:
      command: [node, -e, "require('fs').writeFileSync(process.argv[1], process.env.TOKEN.length + '')", "${outputs}"]
      env: { TOKEN: "\${{ env.MY_SECRET }}" }
      outputs: ["${outputs}"]
`;

/** Every file's content and every path under the workspace, for a search. */
function everythingUnder(dir: string): string {
  if (!existsSync(dir)) return '';
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  return entries.map((e) => `${path.join(e.parentPath, e.name)}\n${e.isFile() ? readFileSync(path.join(e.parentPath, e.name), 'latin1') : ''}`).join('\n');
}

describe('secrets in paths', () => {
  it('a secret passed in env: runs, and its value appears nowhere in the workspace or the output', () => {
    const dir = folderWith({ 'p.yaml': pipeline('len.txt') });
    const result = cli(['run', 'p.yaml', '--json'], dir, { env: { MY_SECRET: SECRET } });
    expect(result.code, result.stderr).toBe(0);
    expect(`${result.stdout}${result.stderr}${everythingUnder(path.join(dir, '.pipeline'))}`).not.toContain(SECRET);
  });

  it('a secret in an output file name is refused by check and by run, located, and written nowhere', () => {
    const dir = folderWith({ 'p.yaml': pipeline('${{ env.MY_SECRET }}.txt') });
    const checked = cli(['check', 'p.yaml'], dir, { env: { MY_SECRET: SECRET } });
    expect(checked.code).toBe(2);
    expect(checked.stderr).toMatch(/^p\.yaml:8:\d+ error\[E_SECRET_IN_PATH\]/m);
    const ran = cli(['run', 'p.yaml', '--json'], dir, { env: { MY_SECRET: SECRET } });
    expect(ran.code).toBe(2);
    expect(`${checked.stdout}${checked.stderr}${ran.stdout}${ran.stderr}${everythingUnder(path.join(dir, '.pipeline'))}`).not.toContain(SECRET);
  });
});
