// Splits a text into lower-case words, one per line: `node words.mjs <input> <output>`.
import { readFileSync, writeFileSync } from 'node:fs';

const [input, output] = process.argv.slice(2);
const words = readFileSync(input, 'utf8').toLowerCase().match(/[a-z0-9]+/g) ?? [];
writeFileSync(output, `${words.join('\n')}\n`);
