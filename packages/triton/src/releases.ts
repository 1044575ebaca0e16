/** Which Triton container image a row describes: the plain image or the TensorRT-LLM one. */
export type TritonImageVariant = 'py3' | 'trtllm-python-py3';

/** One Triton container release and the TensorRT it ships. */
export interface TritonTensorrtRelease {
  /** `YY.MM`, e.g. `24.05`. */
  release: string;
  variant: TritonImageVariant;
  /** As the source gives it: `10.0.1.6`, `10.3.0`, or `8.6` when only the minor line is known. */
  tensorrt: string;
  /** True when a primary source states it for this exact image; false for inferred rows. */
  verified: boolean;
  source: string;
}

const COMPAT_DOC = 'triton-inference-server/server docs/introduction/compatibility.md (trtllm-python-py3 table)';

function trtllmRows(releases: string[], tensorrt: string): TritonTensorrtRelease[] {
  return releases.map((release) => ({ release, variant: 'trtllm-python-py3', tensorrt, verified: true, source: COMPAT_DOC }));
}

/**
 * Triton ↔ TensorRT, as data. The `-py3` rows are the points the reference could verify; the full
 * `-py3` table is NVIDIA's Frameworks Support Matrix
 * (https://docs.nvidia.com/deeplearning/frameworks/support-matrix/index.html), not reachable here.
 * The `-trtllm-python-py3` rows are Triton's official table; their TensorRT may lag the plain image
 * of the same month, so they only stand in (unverified) for a `-py3` release with no row of its own.
 */
export const TRITON_TENSORRT_RELEASES: readonly TritonTensorrtRelease[] = [
  { release: '23.04', variant: 'py3', tensorrt: '8.6.1.2', verified: true, source: 'triton-inference-server/server#5812 (maintainer)' },
  { release: '24.01', variant: 'py3', tensorrt: '8.6', verified: true, source: 'triton-inference-server/server#7613 (24.01 ships 8.6.x and rejects a 10.4 plan)' },
  { release: '24.02', variant: 'py3', tensorrt: '8.6.3', verified: true, source: 'triton-inference-server/server#6959 (dpkg -l in tritonserver:24.02-py3)' },
  { release: '24.05', variant: 'py3', tensorrt: '10.0.1.6', verified: true, source: 'tensorrt:24.05-py3 dpkg and trtexec [TensorRT v100001] (shared/reference/triton.md §6)' },
  ...trtllmRows(['24.05'], '10.0.1.6'),
  ...trtllmRows(['24.06'], '10.0.1'),
  ...trtllmRows(['24.07'], '10.1.0'),
  ...trtllmRows(['24.08'], '10.3.0'),
  ...trtllmRows(['24.09', '24.10'], '10.4.0'),
  ...trtllmRows(['24.11'], '10.6.0'),
  ...trtllmRows(['24.12'], '10.7.0'),
  ...trtllmRows(['25.01', '25.02'], '10.8.0.43'),
  ...trtllmRows(['25.03', '25.04', '25.05'], '10.9.0.34'),
  ...trtllmRows(['25.06', '25.07'], '10.10.0.31'),
  ...trtllmRows(['25.08', '25.09', '25.10'], '10.11.0.33'),
  ...trtllmRows(['25.11', '25.12', '26.01', '26.02'], '10.13.3.9'),
  ...trtllmRows(['26.03', '26.04', '26.05', '26.06', '26.07'], '10.14.1.48'),
];

/**
 * The row for a release: the image's own row first; for `-py3` without one, the
 * `-trtllm-python-py3` row of the same month, marked unverified (it may lag).
 */
export function findTritonRelease(release: string, variant: TritonImageVariant = 'py3'): TritonTensorrtRelease | undefined {
  const own = TRITON_TENSORRT_RELEASES.find((r) => r.release === release && r.variant === variant);
  if (own || variant !== 'py3') return own;
  const standIn = TRITON_TENSORRT_RELEASES.find((r) => r.release === release && r.variant === 'trtllm-python-py3');
  return standIn && { ...standIn, variant: 'py3', verified: false, source: `${standIn.source}; stands in for -py3, whose TensorRT may be newer` };
}
