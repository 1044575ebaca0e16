import type { Command } from '../io.js';
import { cacheCommand } from './cache.js';
import { explainCommand } from './explain.js';
import { importCommand } from './import.js';
import { runCommand } from './run.js';
import { inspectCommand } from './inspect.js';

/**
 * Every verb of the CLI. Verb names and flags are a contract with users' scripts and CI: keep them.
 * One file per verb; add a verb by adding its file and one line here.
 */
export const commands: Command[] = [importCommand, inspectCommand, runCommand, explainCommand, cacheCommand];
