import type { Command } from '../io.js';
import { checkCommand } from './check.js';
import { doctorCommand } from './doctor.js';
import { planCommand } from './plan.js';
import { schemaCommand } from './schema.js';
import { stagesCommand } from './stages.js';
import { cacheCommand } from './cache.js';
import { explainCommand } from './explain.js';
import { importCommand } from './import.js';
import { runCommand } from './run.js';
import { inspectCommand } from './inspect.js';

/**
 * Every verb of the CLI. Verb names and flags are a contract with users' scripts and CI: keep them.
 * One file per verb; add a verb by adding its file and one line here.
 */
export const commands: Command[] = [importCommand, inspectCommand, runCommand, explainCommand, cacheCommand, checkCommand, planCommand, stagesCommand, schemaCommand, doctorCommand];
