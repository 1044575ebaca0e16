import { InterruptedError, InvalidInputError, StageFailedError } from '@pipeline/errors';
import type { OrtModule } from './load-ort.js';

type Session = Awaited<ReturnType<OrtModule['InferenceSession']['create']>>;
type SessionOptions = NonNullable<Parameters<OrtModule['InferenceSession']['create']>[1]>;

/**
 * What ONNX Runtime says when the host, not the model, is at fault: the C++ runtime cannot build the
 * locale the environment names (LANG/LC_ALL set to one that is not installed), or memory ran out.
 */
const HOST_FAILURES = [/_S_create_c_locale|locale::facet|codecvt|locale name not valid/i, /std::bad_alloc|out of memory/i];

/**
 * Creates an ORT session. A missing or corrupt model file becomes an InvalidInputError that names the
 * file (exit 2); a failure of the host (a missing locale, memory) a StageFailedError that says so (exit
 * 3) — telling a user "check that the file exists" about a good file sends them the wrong way. ORT's own
 * message is kept as the cause either way, never a native stack.
 */
export async function openSession(ort: OrtModule, modelPath: string, options: SessionOptions, signal?: AbortSignal): Promise<Session> {
  if (signal?.aborted) throw new InterruptedError();
  try {
    return await ort.InferenceSession.create(modelPath, options);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (HOST_FAILURES.some((pattern) => pattern.test(reason))) {
      const locale = ['LC_ALL', 'LC_CTYPE', 'LANG'].map((name) => (process.env[name] ? `${name}=${process.env[name]}` : '')).filter(Boolean);
      throw new StageFailedError('E_ORT_ENVIRONMENT', `ONNX Runtime failed on this host while loading ${modelPath}: ${reason}`, {
        cause: error,
        hint: `not a problem with the model: ${/locale|codecvt/i.test(reason) ? `the locale the environment names (${locale.join(', ') || 'none set'}) is not installed; run with LC_ALL=C.UTF-8 or install it` : 'free memory or run fewer stages at once'}`,
      });
    }
    throw new InvalidInputError('E_MODEL_LOAD', `${modelPath}: ONNX Runtime could not load the model: ${reason}`, {
      cause: error,
      hint: 'check that the file exists and is an ONNX model this ONNX Runtime version supports',
    });
  }
}
