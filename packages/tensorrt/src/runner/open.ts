import { StageFailedError } from '@pipeline/errors';
import type { Runner } from '@pipeline/runner';
import { isExecutableFile, locateTrtexec } from '../drive/locate.js';
import { detectTrtexec } from '../drive/run.js';
import { execaTrtexec } from './default-exec.js';
import { createEngineRunner, defaultScratchDir } from './engine-runner.js';
import type { TensorrtRunnerSettings } from './settings.js';

const TEN_MINUTES = 600_000;

/** Finds trtexec, reads its version and flags from `--help`, and returns a Runner over the engine. */
export async function openEngineRunner(engine: string, settings: TensorrtRunnerSettings, signal?: AbortSignal): Promise<Runner> {
  signal?.throwIfAborted();
  const located = await locateTrtexec({
    runner: settings.runner ?? 'auto',
    ...(settings.trtexecPath === undefined ? {} : { trtexecPath: settings.trtexecPath }),
    ...(settings.image === undefined ? {} : { image: settings.image }),
    env: settings.env ?? {},
    isExecutable: isExecutableFile,
  });
  if (!located.found) throw new StageFailedError('E_TRTEXEC_NOT_FOUND', `trtexec not found to run ${engine}: ${located.reason}`, { hint: 'install TensorRT, set TRTEXEC, or set TRTEXEC_IMAGE for the NGC container' });
  const exec = settings.exec ?? execaTrtexec;
  const detected = await detectTrtexec(exec, located.location);
  if (!detected) throw new StageFailedError('E_TRTEXEC_NO_BANNER', '`trtexec --help` printed no "&&&& RUNNING … [TensorRT vNNNN]" banner', { hint: 'point TRTEXEC at NVIDIA’s trtexec' });
  return createEngineRunner({ engine, bindings: settings.bindings, exec, location: located.location, detected, scratchDir: settings.scratchDir ?? defaultScratchDir(), timeoutMs: settings.timeoutMs ?? TEN_MINUTES });
}
