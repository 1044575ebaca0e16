#!/usr/bin/env node
// The `pipeline` command as npm links it. Why a launcher and not dist/bin.js itself: npm links a
// workspace's bin when it installs, before anything is built, and skips a bin whose file does not
// exist ("could not determine executable to run"). This file is committed, so the link is always
// made; it loads the built CLI, or says how to build it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = new URL('../dist/bin.js', import.meta.url);
if (existsSync(fileURLToPath(built))) {
  await import(built.href);
} else {
  process.stderr.write('pipeline: the CLI is not built yet. Run `npm run build` in the repository, then try again.\n');
  process.exitCode = 2;
}
