// The peers the suite compares against, installed only when the suite is run with --install-peers (by a
// person, never in CI): Debian's snakemake, and Python's onnx in a private venv (bench/.peers/venv,
// gitignored) so no system Python is changed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const venv = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../.peers/venv');


const ok = (file, args) => spawnSync(file, args, { stdio: 'ignore' }).status === 0;

export function peerAvailable(name) {
  if (name === 'snakemake') return ok('snakemake', ['--version']);
  if (name === 'python-onnx') return ok(currentPython(), ['-c', 'import onnx']);
  if (name === 'sha256sum') return ok('sha256sum', ['--version']);
  throw new Error(`unknown peer ${name}`);
}

function currentPython() {
  return existsSync(path.join(venv, 'bin/python')) ? path.join(venv, 'bin/python') : 'python3';
}

/** The python to run onnx.load with (re-read after installPeers made the venv). */
export function onnxPython() {
  return currentPython();
}

export function installPeers(say) {
  if (!peerAvailable('snakemake')) {
    say('installing snakemake (apt-get) …');
    spawnSync('apt-get', ['install', '-y', '-q', 'snakemake'], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  }
  if (!peerAvailable('python-onnx')) {
    say('installing Python onnx into bench/.peers/venv (pip) …');
    spawnSync('python3', ['-m', 'venv', venv], { stdio: 'ignore' });
    const pip = spawnSync(path.join(venv, 'bin/python'), ['-m', 'pip', 'install', '-q', 'onnx'], { encoding: 'utf8', timeout: 300_000 });
    if (pip.status !== 0) say(`pip could not install onnx (${(pip.stderr ?? '').trim().split('\n').at(-1)}): the model-reading row compares with node -e 0 only`);
  }
  for (const peer of ['snakemake', 'python-onnx', 'sha256sum']) say(`${peer}: ${peerAvailable(peer) ? 'available' : 'not available'}`);
}
