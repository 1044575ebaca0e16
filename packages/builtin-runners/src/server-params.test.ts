import { tlsParamsSchema } from '@pipeline/kserve-client/target-params';
import { describe, expect, it } from 'vitest';
import { serverParamsSchema } from './server-params.js';

describe('server: of runner: triton', () => {
  it('takes tls: as the very schema deploy/triton and benchmark/server take (one description of a server)', () => {
    expect(serverParamsSchema.shape.tls.unwrap()).toBe(tlsParamsSchema);
  });

  it('accepts a URL with a path prefix, and refuses the same URL with a query string', () => {
    expect(serverParamsSchema.safeParse({ url: 'https://gw.example/triton/' }).success).toBe(true);
    const refused = serverParamsSchema.safeParse({ url: 'https://gw.example/triton/?token=abc' });
    expect(refused.error?.issues.map((i) => [i.path.join('.'), /query string/.test(i.message)])).toEqual([['url', true]]);
  });

  it('refuses key_file without cert_file at tls.key_file, after accepting both', () => {
    expect(serverParamsSchema.safeParse({ url: 'https://gw.example', tls: { cert_file: 'c.pem', key_file: 'k.pem' } }).success).toBe(true);
    const refused = serverParamsSchema.safeParse({ url: 'https://gw.example', tls: { key_file: 'k.pem' } });
    expect(refused.error?.issues.map((i) => i.path.join('.'))).toEqual(['tls.key_file']);
  });
});
