// The model files a repository's versions hold, against the platform its config names: the file
// Triton will open must be there (`default_model_filename`, or the platform's default name), and it
// must be that kind of model — an ONNX file under onnxruntime, a TensorRT plan under tensorrt.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Diagnostic } from '@pipeline/errors';
import { readModel } from '@pipeline/onnx';
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

/** Whether Triton runs this config on its ONNX Runtime backend. */
function isOnnxruntime(config: ModelConfig): boolean {
  return config.platform === 'onnxruntime_onnx' || config.backend === 'onnxruntime';
}

/**
 * The ONNX file Triton's ONNX Runtime backend opens for a version's model path: the path itself, or
 * `<path>/model.onnx` when the path is a folder (a model kept with its external data beside it).
 */
export async function onnxFileOf(path: string): Promise<string> {
  const isFolder = await stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
  return isFolder ? join(path, 'model.onnx') : path;
}

/** What is wrong with a model file's content: another kind of model, or not a readable one at all. */
interface ContentProblem {
  code: 'E_TRITON_MODEL_FILE_KIND' | 'E_TRITON_MODEL_FILE_INVALID';
  text: string;
}

async function contentProblem(path: string, file: string, config: ModelConfig): Promise<ContentProblem | undefined> {
  const kind = (text: string): ContentProblem => ({ code: 'E_TRITON_MODEL_FILE_KIND', text });
  if (file === 'model.plan') {
    const header = await readPlanHeader(path).catch(() => undefined);
    if (header && !header.isTensorrtPlan) return kind(`is not a TensorRT engine (${header.problem ?? 'no plan tag'})`);
  }
  if (file === 'model.onnx') {
    const header = await readPlanHeader(path).catch(() => undefined);
    if (header?.isTensorrtPlan) return kind('is a TensorRT engine, not an ONNX model');
  }
  if (isOnnxruntime(config)) {
    // Triton fails to load a file ONNX cannot decode; only the graph is read, so this stays cheap.
    const onnx = await onnxFileOf(path);
    const why = await readModel(onnx).then(
      () => undefined,
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    if (why !== undefined)
      return { code: 'E_TRITON_MODEL_FILE_INVALID', text: onnx === path ? `is not an ONNX model (${why})` : `is a folder, and the model.onnx Triton opens in it is not an ONNX model (${why})` };
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
    const problem = await contentProblem(join(version.dir, file), file, config);
    if (problem?.code === 'E_TRITON_MODEL_FILE_KIND')
      out.push({ code: problem.code, severity: 'error', message: `${join(version.dir, file)} ${problem.text}, but model '${model.name}' has platform ${config.platform || config.backend}`, loc });
    else if (problem)
      out.push({
        code: problem.code,
        severity: 'error',
        message: `${join(version.dir, file)} ${problem.text}: Triton cannot load version ${version.version} of model '${model.name}'`,
        loc,
        hint: 'put the exported .onnx file there; `pipeline inspect <file>` says whether a file is a readable ONNX model',
      });
  }
  return out;
}
