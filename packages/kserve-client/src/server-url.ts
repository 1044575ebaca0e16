// A server's URL as users give it — `http://host:8000`, or `https://gateway/some/prefix` when an ingress or
// a reverse proxy routes a path prefix to Triton — and the one way an endpoint path is joined to it. This
// entry imports nothing, so stage params schemas can check a `url:` with it at `pipeline check`.

/**
 * Why `url` cannot be a server's base URL, or undefined when it can: it must be absolute http(s), and carry
 * no query string or fragment (the v2 endpoints are paths under it; a `?…` or `#…` would be lost or sent to
 * the wrong place). A trailing slash is fine.
 */
export function serverUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not an absolute URL (e.g. http://127.0.0.1:8000 or https://gateway.example/triton)`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `"${url}" is not an http:// or https:// URL`;
  if (parsed.search !== '' || url.includes('?')) return `"${url}" has a query string: the server's URL is its scheme, host, port and path prefix only (headers go in \`headers:\`)`;
  if (parsed.hash !== '' || url.includes('#')) return `"${url}" has a fragment (#…): the server's URL is its scheme, host, port and path prefix only`;
  if (parsed.username !== '' || parsed.password !== '') return `"${url}" carries credentials: give them as an Authorization header in \`headers:\` (from a secret)`;
  return undefined;
}

/**
 * The base URL of a server: `scheme://host[:port]` plus its path prefix without trailing slashes
 * (`https://gw/triton/` → `https://gw/triton`). Throws a TypeError saying why for a URL `serverUrlProblem`
 * refuses; callers that face users check with `serverUrlProblem` first and report it at their param.
 */
export function serverBaseUrl(url: string): string {
  const problem = serverUrlProblem(url);
  if (problem !== undefined) throw new TypeError(problem);
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/+$/, '')}`;
}

/**
 * An endpoint's full URL: the base's path prefix kept, then `endpoint` (`/v2/models/m/infer`). Unlike
 * `new URL('/v2/…', base)`, which resolves an absolute path against the host and drops the prefix.
 */
export function endpointUrl(base: string, endpoint: string): string {
  return `${serverBaseUrl(base)}${endpoint.startsWith('/') ? endpoint : `/${endpoint}`}`;
}
