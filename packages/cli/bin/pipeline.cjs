#!/usr/bin/env node
// The `pipeline` command as npm links it. Why a launcher and not dist/bin.cjs itself: npm links a
// workspace's bin when it installs, before anything is built, and skips a bin whose file does not
// exist ("could not determine executable to run"). This file is committed, so the link is always
// made; it loads the built CLI, or says how to build it. CommonJS, as dist/bin.cjs is: an ES module
// here would start Node's ES module loader for every command (scripts/bundle.mjs).
const { existsSync } = require('node:fs');
const path = require('node:path');

const built = path.join(__dirname, '../dist/bin.cjs');
if (existsSync(built)) {
  require(built);
} else {
  process.stderr.write('pipeline: the CLI is not built yet. Run `npm run build` in the repository, then try again.\n');
  process.exitCode = 2;
}
