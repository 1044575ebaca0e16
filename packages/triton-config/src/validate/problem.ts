// A rule's finding before it is placed in a file: Triton's message, a stable code, and the path of
// the offending value inside the config (turned into line:col with the text's SourceMap).
import type { LocatedPath } from '../text-format/source-map.js';

export interface ConfigProblem {
  code: string;
  /** Triton's own wording where Triton has a rule for it. */
  message: string;
  path: LocatedPath;
  severity?: 'error' | 'warning';
  hint?: string;
}

/** Triton's platform and backend names (K src/constants.h). */
export const PLATFORM = {
  tensorrt: 'tensorrt_plan',
  onnxruntime: 'onnxruntime_onnx',
  libtorch: 'pytorch_libtorch',
  libtorchAlt: 'libtorch',
  torchAoti: 'torch_aoti',
  graphdef: 'tensorflow_graphdef',
  savedmodel: 'tensorflow_savedmodel',
  ensemble: 'ensemble',
} as const;

export const BACKEND = {
  tensorrt: 'tensorrt',
  onnxruntime: 'onnxruntime',
  pytorch: 'pytorch',
  tensorflow: 'tensorflow',
  openvino: 'openvino',
  python: 'python',
} as const;

/** Default model file names by backend/platform (K src/constants.h). */
export const DEFAULT_MODEL_FILENAME: Record<string, string> = {
  [PLATFORM.tensorrt]: 'model.plan',
  [PLATFORM.onnxruntime]: 'model.onnx',
  [PLATFORM.libtorch]: 'model.pt',
  [PLATFORM.torchAoti]: 'model.pt2',
  [PLATFORM.graphdef]: 'model.graphdef',
  [PLATFORM.savedmodel]: 'model.savedmodel',
  [BACKEND.openvino]: 'model.xml',
  [BACKEND.python]: 'model.py',
};
