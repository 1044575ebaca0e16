import { InvalidInputError } from '@pipeline/errors';

/** A malformed or unsupported tensor file: the message starts with the file (or `<bytes>`) it came from. */
export function badTensorFile(code: string, source: string, message: string, hint?: string): InvalidInputError {
  return new InvalidInputError(code, `${source}: ${message}`, hint === undefined ? {} : { hint });
}
