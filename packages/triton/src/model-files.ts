// The model files a repository's versions hold, against the platform its config names: the file
// Triton will open must be there (`default_model_filename`, or the platform's default name), and it
// must be that kind of model — an ONNX file under onnxruntime, a TensorRT plan under tensorrt.
import { join } from 'node:path';
import type { Diagnostic } from '@pipeline/errors';
import { readPlanHeader } from '@pipeline/tensorrt';
import { DEFAULT_MODEL_FILENAME, type ModelConfig, type RepositoryModel, versionsToLoad } from '@pipeline/triton-config';

/** Default file name → what it is, to say what a misplaced file is. */
const KIND_OF_FILE: Record<string, string> = {
  'model.plan': 'a TensorRT engine (platform tensorrt_plan)',
  'model.onnx': 'an ONNX model (platform onnxruntime_onnx)',
  'model.pt': 'a TorchScript model (platform pytorch_libtorch)',
  'model.pt2': 'a PyTorch AOTI package (platform torch_aoti)',
  'model.graphdef': 'a TensorFlow GraphDef (platform tensorflow_graphdef)',
  'model.savedmodel': 'a TensorFlow SavedModel (platform tensorflow_savedmodel)',
  'model.py': 'a Python backend model (backend python)',
  'model.xml': 'an OpenVINO model (backend openvino)',
};

/** The file name Triton opens in each version folder, or undefined when it does not open one (ensembles, custom). */
export function modelFileName(config: ModelConfig): string | undefined {
  if (config.platform === 'ensemble') return undefined;
  return config.default_model_filename || DEFAULT_MODEL_FILENAME[config.platform ?? ''] || DEFAULT_MODEL_FILENAME[config.backend ?? ''];
}

async function contentProblem(path: string, file: string): Promise<string | undefined> {
  if (file === 'model.plan') {
    const header = await readPlanHeader(path).catch(() => undefined);
    if (header && !header.isTensorrtPlan) return `is not a TensorRT engine (${header.problem ?? 'no plan tag'})`;
  }
  if (file === 'model.onnx') {
    const header = await readPlanHeader(path).catch(() => undefined);
    if (header?.isTensorrtPlan) return 'is a TensorRT engine, not an ONNX model';
  }
  return undefined;
}

/** Missing or wrong-kind model files in the versions Triton would load. */
export async function modelFileProblems(model: RepositoryModel, config: ModelConfig, configFile: string): Promise<Diagnostic[]> {
  const file = modelFileName(config);
  if (!file) return [];
  const out: Diagnostic[] = [];
  const allowed = new Set([file, ...Object.values(config.cc_model_filenames ?? {})]);
  const loaded = new Set(versionsToLoad(model, config));
  for (const version of model.versions.filter((v) => loaded.has(v.version))) {
    const loc = { file: configFile, line: 1, column: 1 };
    if (!version.entries.some((e) => allowed.has(e))) {
      const other = version.entries.find((e) => KIND_OF_FILE[e] !== undefined);
      out.push({
        code: other ? 'E_TRITON_MODEL_FILE_KIND' : 'E_TRITON_MODEL_FILE_MISSING',
        severity: 'error',
        message: other
          ? `version ${version.version} of model '${model.name}' holds ${other}, ${KIND_OF_FILE[other]}, but the config's platform ${config.platform || config.backend} opens ${file}`
          : `version ${version.version} of model '${model.name}' has no ${file} (${join(version.dir, file)}), which platform ${config.platform || config.backend} opens`,
        loc,
        hint: other ? `set platform/backend for ${other}, or put ${file} in ${version.dir}` : `put the model file at ${join(version.dir, file)}, or set default_model_filename`,
      });
      continue;
    }
    const problem = await contentProblem(join(version.dir, file), file);
    if (problem)
      out.push({
        code: 'E_TRITON_MODEL_FILE_KIND',
        severity: 'error',
        message: `${join(version.dir, file)} ${problem}, but model '${model.name}' has platform ${config.platform || config.backend}`,
        loc,
      });
  }
  return out;
}
