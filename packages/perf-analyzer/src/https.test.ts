import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { perfAnalyzerArgs, type RunTool, runPerfAnalyzer } from './backend.js';
import { PERF_ANALYZER_CA_FILE, perfAnalyzerHttpsFor } from './https.js';
import { perfAnalyzerLimits, perfAnalyzerUrl } from './locate.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const standIn = path.join(repoRoot, 'test/stand-ins/perf-analyzer-stand-in.mjs');
const dir = mkdtempSync(path.join(tmpdir(), 'pa-https-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The HTTPS flags as the reference (test/fixtures/reference/triton.md, from perf_analyzer's docs/cli.md)
// writes them: `--ssl-https-<name> <value form>`, the form `0|1`, `PEM|DER` or `<path>`.
const reference = readFileSync(path.join(repoRoot, 'test/fixtures/reference/triton.md'), 'utf8');
const documented = new Map([...reference.matchAll(/`(--ssl-https-[a-z-]+) ([^`]+)`/g)].map((m) => [m[1] as string, m[2] as string]));

/** Whether a value fits the documented form of a flag (a `<path>` takes any path). */
function fitsDocumentedForm(flag: string, value: string): boolean {
  const form = documented.get(flag);
  if (form === undefined) return false;
  return form === '<path>' ? value.length > 0 : form.split('|').includes(value);
}

/** The --ssl-https-* flags of an argv with the word after each (their value), as pairs. */
function httpsPairs(argv: readonly string[]): [string, string][] {
  const pairs: [string, string][] = [];
  argv.forEach((word, i) => {
    if (word.startsWith('--ssl-https-')) pairs.push([word, argv[i + 1] as string]);
  });
  return pairs;
}

function standInExec(env: Record<string, string>): RunTool {
  return (_file, args) =>
    new Promise((resolve) => {
      execFile(process.execPath, [standIn, ...args], { env: { ...process.env, ...env } }, (error, stdout, stderr) => {
        resolve({ exitCode: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr, timedOut: false });
      });
    });
}

const base = { executable: 'perf_analyzer', model: 'simple', url: 'https://127.0.0.1:8443', csvFile: path.join(dir, 'perf.csv') };

describe('perf_analyzer’s https flags', () => {
  it('the reference documents the seven --ssl-https-* flags this backend may pass', () => {
    expect([...documented.keys()].sort()).toEqual(
      ['--ssl-https-ca-certificates-file', '--ssl-https-client-certificate-file', '--ssl-https-client-certificate-type', '--ssl-https-private-key-file', '--ssl-https-private-key-type', '--ssl-https-verify-host', '--ssl-https-verify-peer'].sort(),
    );
  });

  it('each setting becomes its documented flag with a value of the documented form', () => {
    const cases: [Parameters<typeof perfAnalyzerArgs>[0]['https'], [string, string][]][] = [
      [{ verifyPeer: 0 }, [['--ssl-https-verify-peer', '0']]],
      [{ verifyPeer: 1 }, [['--ssl-https-verify-peer', '1']]],
      [{ verifyHost: 0 }, [['--ssl-https-verify-host', '0']]],
      [{ verifyHost: 2 }, [['--ssl-https-verify-host', '2']]],
      [{ caCertificatesFile: '/etc/ca.pem' }, [['--ssl-https-ca-certificates-file', '/etc/ca.pem']]],
      [{ clientCertificateFile: '/etc/client.crt' }, [['--ssl-https-client-certificate-file', '/etc/client.crt']]],
      [{ clientCertificateType: 'DER' }, [['--ssl-https-client-certificate-type', 'DER']]],
      [{ privateKeyFile: '/etc/client.key' }, [['--ssl-https-private-key-file', '/etc/client.key']]],
      [{ privateKeyType: 'PEM' }, [['--ssl-https-private-key-type', 'PEM']]],
      [{}, []],
    ];
    for (const [https, expected] of cases) {
      const pairs = httpsPairs(perfAnalyzerArgs({ ...base, ...(https ? { https } : {}) }));
      expect(pairs).toEqual(expected);
      for (const [flag, value] of pairs) expect(fitsDocumentedForm(flag, value), `${flag} ${value}`).toBe(true);
    }
    // Without https settings the argv has none of these flags.
    expect(perfAnalyzerArgs(base).some((w) => w.startsWith('--ssl'))).toBe(false);
  });

  it('-u keeps the https scheme (perf_analyzer’s client uses TLS only then) and leaves http as host:port', () => {
    expect(perfAnalyzerUrl('https://triton.example:8443/')).toBe('https://triton.example:8443');
    expect(perfAnalyzerUrl('https://triton.example')).toBe('https://triton.example:443');
    expect(perfAnalyzerUrl('http://127.0.0.1:8000')).toBe('127.0.0.1:8000');
  });

  it('-u keeps the URL’s path prefix (perf_analyzer takes <scheme://>host:port/<base-path>), without a trailing slash', () => {
    for (const [url, expected] of [
      ['https://gw.example/triton', 'https://gw.example:443/triton'],
      ['https://gw.example/triton/', 'https://gw.example:443/triton'],
      ['http://127.0.0.1:8000/a/b/', '127.0.0.1:8000/a/b'],
      ['http://127.0.0.1:8000/', '127.0.0.1:8000'],
      ['http://[::1]:8000/p', '[::1]:8000/p'],
    ]) {
      expect(perfAnalyzerUrl(url as string), url).toBe(expected);
    }
  });
});

describe('perfAnalyzerHttpsFor (a load’s url and tls: → perf_analyzer’s settings)', () => {
  it('an http url gets none, whatever tls says', async () => {
    expect(await perfAnalyzerHttpsFor('http://127.0.0.1:8000', { ca: 'x', reject_unauthorized: false }, dir)).toBeUndefined();
  });

  it('https verifies chain and name by default, and tls.reject_unauthorized: false turns both checks off', async () => {
    expect(await perfAnalyzerHttpsFor('https://127.0.0.1:8443', undefined, dir)).toEqual({ verifyPeer: 1, verifyHost: 2 });
    expect(await perfAnalyzerHttpsFor('https://127.0.0.1:8443', { reject_unauthorized: true }, dir)).toEqual({ verifyPeer: 1, verifyHost: 2 });
    expect(await perfAnalyzerHttpsFor('https://127.0.0.1:8443', { reject_unauthorized: false }, dir)).toEqual({ verifyPeer: 0, verifyHost: 0 });
  });

  it('tls.ca (PEM text) is written to a file in the scratch folder, which the CA flag names', async () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const https = await perfAnalyzerHttpsFor('https://127.0.0.1:8443', { ca: pem, reject_unauthorized: true }, dir);
    expect(https?.caCertificatesFile).toBe(path.join(dir, PERF_ANALYZER_CA_FILE));
    expect(readFileSync(https?.caCertificatesFile ?? '', 'utf8')).toBe(pem);
  });

  it('ca_file, cert_file and key_file are passed where they are, as absolute paths typed PEM; nothing is copied', async () => {
    const https = await perfAnalyzerHttpsFor('https://127.0.0.1:8443', { ca_file: '/etc/ca.pem', cert_file: 'certs/client.pem', key_file: 'certs/client.key', reject_unauthorized: true }, dir);
    expect(https).toEqual({
      verifyPeer: 1,
      verifyHost: 2,
      caCertificatesFile: '/etc/ca.pem',
      clientCertificateFile: path.resolve('certs/client.pem'),
      clientCertificateType: 'PEM',
      privateKeyFile: path.resolve('certs/client.key'),
      privateKeyType: 'PEM',
    });
    for (const [flag, value] of httpsPairs(perfAnalyzerArgs({ ...base, ...(https ? { https } : {}) }))) expect(fitsDocumentedForm(flag, value), `${flag} ${value}`).toBe(true);
  });
});

describe('perfAnalyzerLimits and tls:', () => {
  it('accepts the tls settings it can pass, and names a tls setting it has no flag for', () => {
    const accepted = { ranges: { concurrency: '1:4:1' }, tls: { ca: 'PEM', reject_unauthorized: false } };
    expect(perfAnalyzerLimits(accepted)).toEqual([]);
    expect(perfAnalyzerLimits({ ...accepted, tls: { ca_file: 'ca.pem', cert_file: 'client.pem', key_file: 'client.key', reject_unauthorized: true } })).toEqual([]);
    const refused = perfAnalyzerLimits({ ...accepted, tls: { ...accepted.tls, servername: 'triton.internal' } });
    expect(refused.map((l) => l.path)).toEqual([['tls', 'servername']]);
    expect(refused[0]?.message).toContain('tls.servername');
    expect(refused[0]?.hint).toContain('backend: loadgen');
    expect(refused[0]?.hint).toContain('URL');
  });
});

describe('runPerfAnalyzer over https (against the perf_analyzer stand-in, which checks the flags as perf_analyzer’s parser does)', () => {
  it('passes a CA, a client certificate and key that exist; the stand-in reads each file named', async () => {
    const files = { ca: path.join(dir, 'ca.pem'), cert: path.join(dir, 'client.der'), key: path.join(dir, 'client.key') };
    writeFileSync(files.ca, 'CA PEM');
    writeFileSync(files.cert, 'CLIENT DER');
    writeFileSync(files.key, 'KEY PEM');
    const filesRecord = path.join(dir, 'files.json');
    const https = { verifyPeer: 1, verifyHost: 2, caCertificatesFile: files.ca, clientCertificateFile: files.cert, clientCertificateType: 'DER', privateKeyFile: files.key, privateKeyType: 'PEM' } as const;
    const outcome = await runPerfAnalyzer({ ...base, https }, standInExec({ PERF_ANALYZER_STAND_IN_FILES: filesRecord }));
    expect(outcome.argv[outcome.argv.indexOf('-u') + 1]).toBe('https://127.0.0.1:8443');
    expect(JSON.parse(readFileSync(filesRecord, 'utf8'))).toEqual({
      '--ssl-https-ca-certificates-file': 'CA PEM',
      '--ssl-https-client-certificate-file': 'CLIENT DER',
      '--ssl-https-private-key-file': 'KEY PEM',
    });
  });

  it('the command kept in the report masks header values, as the repro does (a header may carry a credential)', async () => {
    const outcome = await runPerfAnalyzer({ ...base, headers: { Authorization: 'Bearer s3cret' }, https: { verifyPeer: 0, verifyHost: 0 } }, standInExec({}));
    const command = String(outcome.report.settings.command);
    expect(command).toContain('-H Authorization:*** --ssl-https-verify-peer 0 --ssl-https-verify-host 0');
    expect(command).not.toContain('s3cret');
  });

  it('a CA file that is not there fails with perf_analyzer’s parse error; the repro names the scratch CA by base name and masks headers', async () => {
    const caFile = path.join(dir, PERF_ANALYZER_CA_FILE);
    rmSync(caFile, { force: true });
    const run = runPerfAnalyzer({ ...base, headers: { Authorization: 'Bearer s3cret' }, https: { verifyPeer: 1, verifyHost: 2, caCertificatesFile: caFile } }, standInExec({}));
    const error = await run.then(
      () => undefined,
      (e: unknown) => e as { code: string; message: string; hint: string },
    );
    expect(error?.code).toBe('E_PERF_ANALYZER_FAILED');
    expect(error?.message).toContain('exited with 99');
    expect(error?.message).toContain('Failed to parse --ssl-https-ca-certificates-file');
    expect(error?.hint).toContain(`-u https://127.0.0.1:8443 -i http -H 'Authorization:***' --ssl-https-verify-peer 1 --ssl-https-verify-host 2 --ssl-https-ca-certificates-file ${PERF_ANALYZER_CA_FILE} -f perf.csv`);
    expect(error?.hint).not.toContain('s3cret');
  });
});
