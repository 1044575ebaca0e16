import { describe, expect, it } from 'vitest';
import { createKServeClient } from './client.js';
import { endpointUrl, serverBaseUrl, serverUrlProblem } from './server-url.js';

describe('a server URL and its endpoints', () => {
  it('keeps a path prefix and drops trailing slashes, whichever way the URL is written', () => {
    for (const [given, base] of [
      ['http://127.0.0.1:8000', 'http://127.0.0.1:8000'],
      ['http://127.0.0.1:8000/', 'http://127.0.0.1:8000'],
      ['https://gw.example/triton', 'https://gw.example/triton'],
      ['https://gw.example/triton/', 'https://gw.example/triton'],
      ['https://gw.example/a/b//', 'https://gw.example/a/b'],
      ['http://[::1]:8000/p', 'http://[::1]:8000/p'],
    ]) {
      expect(serverUrlProblem(given as string), given).toBeUndefined();
      expect(serverBaseUrl(given as string)).toBe(base);
      // What a server under the prefix is asked: the prefix, then the v2 path, once.
      expect(new URL(endpointUrl(given as string, '/v2/models/m/infer')).pathname).toBe(`${new URL(base as string).pathname.replace(/\/$/, '')}/v2/models/m/infer`);
    }
  });

  it('refuses a query string, a fragment, credentials and other schemes, saying which', () => {
    expect(serverUrlProblem('https://gw.example/triton')).toBeUndefined();
    expect(serverUrlProblem('https://gw.example/triton?token=1')).toMatch(/query string/);
    expect(serverUrlProblem('https://gw.example/triton?')).toMatch(/query string/);
    expect(serverUrlProblem('https://gw.example/triton#x')).toMatch(/fragment/);
    expect(serverUrlProblem('https://user:pw@gw.example/triton')).toMatch(/credentials/);
    expect(serverUrlProblem('ftp://gw.example/triton')).toMatch(/ftp/);
    expect(serverUrlProblem('gw.example:8000')).toMatch(/http|absolute/);
    expect(() => serverBaseUrl('http://h:8000/?a=1')).toThrow(TypeError);
  });

  it('a client for a URL with a query string is a usage error (E_KSERVE_URL, exit 2); the same URL without it is taken', async () => {
    const client = createKServeClient({ url: 'http://127.0.0.1:9/triton/' });
    expect(client.url).toBe('http://127.0.0.1:9/triton');
    await client.close();
    expect(() => createKServeClient({ url: 'http://127.0.0.1:9/triton/?token=abc' })).toThrow(expect.objectContaining({ code: 'E_KSERVE_URL', exitCode: 2 }));
  });
});
