import type { ProbeEnv, ProbeResult, ToolInfo } from '@pipeline/sdk';
import { detectGpu, detectTrtexec, formatTensorrtVersion, isExecutableFile, locateTrtexec, TRTEXEC_NOT_FOUND, type TrtexecLocation } from '@pipeline/tensorrt';

const UNLOCKS = 'TensorRT engine builds (convert/tensorrt)';

function where(location: TrtexecLocation): string {
  return location.runner === 'local' ? location.path : `${location.image} (docker)`;
}

/**
 * What `${{ tools.trtexec }}` and `pipeline doctor` see: the trtexec `runner: auto` would use (a local
 * one — TRTEXEC or PATH — else the one in TRTEXEC_IMAGE through docker) with its version read from
 * `--help`'s banner, and the GPU nvidia-smi names. Both versions enter the cache key: an engine is
 * built for one TensorRT and one GPU. A probe does not see params: a `trtexec_path` or `image` param
 * is checked by the stage itself when it runs.
 */
export async function probeTrtexec(env: ProbeEnv): Promise<ProbeResult> {
  const located = await locateTrtexec({ runner: 'auto', env: env.env, isExecutable: isExecutableFile });
  if (!located.found) {
    return {
      trtexec: { found: false, unlocks: UNLOCKS, detail: `${TRTEXEC_NOT_FOUND} (${located.reason})` },
      gpu: { found: false, detail: 'not probed: no trtexec' },
    };
  }
  const detected = await detectTrtexec(env.exec, located.location).catch(() => undefined);
  const trtexec: ToolInfo = { found: detected !== undefined, path: where(located.location), unlocks: UNLOCKS };
  if (detected) trtexec.version = formatTensorrtVersion(detected.version);
  else trtexec.detail = `${where(located.location)} printed no TensorRT banner for --help`;
  const gpu = await detectGpu(env.exec, located.location);
  const gpuInfo: ToolInfo = gpu
    ? { found: true, version: `${gpu.name}${gpu.computeCapability ? ` (compute ${gpu.computeCapability})` : ''}` }
    : { found: false, detail: 'nvidia-smi did not name a GPU' };
  return { trtexec, gpu: gpuInfo };
}
