#!/usr/bin/env node
// First: it configures zod before any module builds a schema.
import './zod-jitless.js';
import { main } from './main.js';
import { guardPipe } from './stdio.js';

// The only place that touches process state: signals, exit codes, real stdio.
const controller = new AbortController();
let interrupts = 0;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    interrupts += 1;
    // A second Ctrl-C means "now": skip the clean-up.
    if (interrupts > 1) process.exit(130);
    controller.abort(new Error(signal));
  });
}

// No top-level await: the bundle of this file is a CommonJS chunk (scripts/bundle.mjs).
void main(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: guardPipe(process.stdout),
  stderr: guardPipe(process.stderr),
  signal: controller.signal,
}).then((code) => {
  process.exitCode = code;
});
