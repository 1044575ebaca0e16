import { createRequire } from 'node:module';
import path from 'node:path';
import type { RunRecord } from '@pipeline/core';
import { writeOutputFile } from './output-file.js';

// node:child_process (with net, dgram and their helpers) loads on first use: a run that starts no
// process, such as a fully cached re-run, does not pay for it (~4 ms with readline, PERFORMANCE.md).

/** Where `pipeline run` leaves a run's HTML report: beside its run.json. */
export function runReportPath(workspace: string, runId: string): string {
  return path.join(workspace, 'runs', runId, 'report.html');
}

/** Renders run.json as HTML (the renderer and ECharts load only here) and writes it atomically; `what` names the file in an error, never over one of `inputs`. */
export async function writeRunHtml(record: RunRecord, file: string, what = 'the HTML report', inputs: readonly string[] = []): Promise<void> {
  const { renderRunHtml } = await import('@pipeline/report-html');
  await writeOutputFile(file, renderRunHtml(record), what, inputs);
}

/**
 * Opens a file in the desktop's browser, detached, without waiting: `open` on macOS, `start` on
 * Windows, `xdg-open` elsewhere. False when the opener could not be started (a headless CI machine).
 */
export function openInBrowser(file: string, platform: NodeJS.Platform = process.platform): Promise<boolean> {
  const [command, args] = platform === 'darwin' ? ['open', [file]] : platform === 'win32' ? ['cmd', ['/c', 'start', '', file]] : ['xdg-open', [file]];
  return new Promise((resolve) => {
    const { spawn } = createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process');
    const child = spawn(command, args, { detached: true, stdio: 'ignore' });
    child.once('error', () => resolve(false));
    child.once('spawn', () => {
      child.unref();
      resolve(true);
    });
  });
}
