export { commands } from './commands/index.js';
export type { CliIO, Command, CommandEntry } from './io.js';
export { main, reportError } from './main.js';
export { CliCode } from './codes.js';
