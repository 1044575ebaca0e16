#!/usr/bin/env zx
// The N most frequent words of a word list, as `count word` lines. A zx script: `fs` and `argv` are globals.
const [input, count] = argv._;
const words = (await fs.readFile(input, 'utf8')).split('\n').filter(Boolean);
const tally = new Map();
for (const word of words) tally.set(word, (tally.get(word) ?? 0) + 1);
const top = [...tally].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, Number(count));
await fs.writeFile('top.txt', top.map(([word, n]) => `${n} ${word}`).join('\n') + '\n');
