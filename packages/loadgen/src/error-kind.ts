/** The kind of an HTTP status that is not a success, for the per-kind error counts. */
export function statusKind(status: number): string {
  if (status >= 500) return 'http_5xx';
  if (status >= 400) return 'http_4xx';
  return 'http_other';
}
