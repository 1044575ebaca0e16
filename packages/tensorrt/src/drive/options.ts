/** What the model's numbers are built in. `strongly-typed`: the ONNX model's own types decide (10.x+). */
export type TrtexecPrecision = 'fp32' | 'fp16' | 'bf16' | 'int8' | 'fp8' | 'best' | 'strongly-typed';

export const TRTEXEC_PRECISIONS: readonly TrtexecPrecision[] = ['fp32', 'fp16', 'bf16', 'int8', 'fp8', 'best', 'strongly-typed'];

/** min/opt/max dims of one input in one optimization profile. */
export interface TrtexecShapeBounds {
  min: readonly number[];
  opt: readonly number[];
  max: readonly number[];
}

/** One optimization profile: input name → bounds. */
export type TrtexecProfile = Readonly<Record<string, TrtexecShapeBounds>>;

/** Typed options of an engine build (`trtexec --onnx … --saveEngine …`). Files are absolute paths. */
export interface TrtexecBuildOptions {
  onnx: string;
  saveEngine: string;
  precision: TrtexecPrecision;
  profiles?: readonly TrtexecProfile[];
  /** Workspace memory pool, MiB (emitted as a bare integer: see the --memPoolSize suffix pitfall). */
  workspaceMiB?: number;
  /** 0–5 (trtexec's default is 3). */
  builderOptimizationLevel?: number;
  timingCacheFile?: string;
  /** Plugin libraries (.so) to load. */
  plugins?: readonly string[];
  versionCompatible?: boolean;
  hardwareCompatibilityLevel?: 'none' | 'ampere+' | 'sameComputeCapability';
  /** layer name (or `*`) → fp32 | fp16 | bf16 | int8 | int32. */
  layerPrecisions?: Readonly<Record<string, string>>;
  /** An INT8 calibration cache the user brings (trtexec does not calibrate). */
  calibrationCache?: string;
  /** `--profilingVerbosity=detailed` plus `--exportLayerInfo=<file>`, for the engine's layer facts. */
  exportLayerInfo?: string;
  /** Added at the end; each must be `--key=value` or a bare `--flag` of the detected trtexec. */
  extraArgs?: readonly string[];
}

/** A user's option the detected trtexec cannot honour: an input mistake (exit 2), found before running. */
export interface TrtexecOptionProblem {
  /** The param it comes from (`precision`, `profiles[1]`, `extra_args[0]`). */
  field: string;
  message: string;
  hint: string;
}
