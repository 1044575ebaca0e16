#!/usr/bin/env node
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

const argv = process.argv.slice(2);
// A verb's command builds zod schemas as it loads: zod is configured before that (zod-jitless.ts).
// `--help`, `--version` and no verb at all load no command, and so not zod either.
const verb = argv[0];
const zodConfigured = verb === undefined || verb.startsWith('-') || verb === 'help' ? Promise.resolve() : import('./zod-jitless.js');

// No top-level await: the bundle of this file is a CommonJS chunk (scripts/bundle.mjs).
void zodConfigured
  .then(() =>
    main(argv, {
      cwd: process.cwd(),
      env: process.env,
      stdout: guardPipe(process.stdout),
      stderr: guardPipe(process.stderr),
      signal: controller.signal,
    }),
  )
  .then((code) => {
    process.exitCode = code;
  });
