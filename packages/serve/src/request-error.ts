/** A request the server refuses: answered with `status` and the v2 error JSON `{"error": message}`. */
export class RequestError extends Error {
  override name = 'RequestError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const badRequest = (message: string) => new RequestError(400, message);
