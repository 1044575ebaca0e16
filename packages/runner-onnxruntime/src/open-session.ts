import { InterruptedError, InvalidInputError } from '@pipeline/errors';
import type { OrtModule } from './load-ort.js';

type Session = Awaited<ReturnType<OrtModule['InferenceSession']['create']>>;
type SessionOptions = NonNullable<Parameters<OrtModule['InferenceSession']['create']>[1]>;

/**
 * Creates an ORT session; a missing or corrupt model file becomes an InvalidInputError that names the file
 * (ORT's own message kept as the cause), not a native stack.
 */
export async function openSession(ort: OrtModule, modelPath: string, options: SessionOptions, signal?: AbortSignal): Promise<Session> {
  if (signal?.aborted) throw new InterruptedError();
  try {
    return await ort.InferenceSession.create(modelPath, options);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidInputError('E_MODEL_LOAD', `${modelPath}: ONNX Runtime could not load the model: ${reason}`, {
      cause: error,
      hint: 'check that the file exists and is an ONNX model this ONNX Runtime version supports',
    });
  }
}
