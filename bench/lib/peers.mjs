// The peers the suite compares against, installed only when the suite is run with --install-peers (by a
// person, never in CI), from Debian's packages as the issue asks: snakemake, and Python's onnx
// (python3-onnx, which goes into Debian's own /usr/bin/python3 — a python3 earlier on PATH, e.g. pyenv's,
// does not see it). Where apt cannot give onnx, pip installs it into a private venv (bench/.peers/venv,
// gitignored) so no system Python is changed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const venv = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../.peers/venv');

const ok = (file, args) => spawnSync(file, args, { stdio: 'ignore' }).status === 0;

export function peerAvailable(name) {
  if (name === 'snakemake') return ok('snakemake', ['--version']);
  if (name === 'python-onnx') return onnxPython() !== undefined;
  if (name === 'sha256sum') return ok('sha256sum', ['--version']);
  throw new Error(`unknown peer ${name}`);
}

/** Which Python imports onnx, once looked up (each look spawns Pythons); installPeers forgets it. */
let foundOnnxPython;

/** The first Python that can import onnx: the bench venv's, the one on PATH, then Debian's own; undefined if none. */
export function onnxPython() {
  if (foundOnnxPython === undefined) {
    const candidates = [path.join(venv, 'bin/python'), 'python3', '/usr/bin/python3'];
    foundOnnxPython = { python: candidates.find((python) => (python.includes('/') ? existsSync(python) : true) && ok(python, ['-c', 'import onnx'])) };
  }
  return foundOnnxPython.python;
}

/** The onnx version the comparison ran against (Debian's is older than pip's: say which). */
export function onnxVersion() {
  const python = onnxPython();
  if (python === undefined) return undefined;
  const result = spawnSync(python, ['-c', 'import onnx; print(onnx.__version__)'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

export function installPeers(say) {
  foundOnnxPython = undefined;
  const apt = (pkg) => spawnSync('apt-get', ['install', '-y', '-q', pkg], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
  if (!peerAvailable('snakemake')) {
    say('installing snakemake (apt-get) …');
    apt('snakemake');
  }
  if (!peerAvailable('python-onnx')) {
    say('installing Python onnx (apt-get python3-onnx) …');
    const installed = apt('python3-onnx');
    foundOnnxPython = undefined;
    if (!installed || !peerAvailable('python-onnx')) {
      say('apt could not give onnx; installing it into bench/.peers/venv (pip) …');
      spawnSync('python3', ['-m', 'venv', venv], { stdio: 'ignore' });
      const pip = spawnSync(path.join(venv, 'bin/python'), ['-m', 'pip', 'install', '-q', 'onnx'], { encoding: 'utf8', timeout: 300_000 });
      foundOnnxPython = undefined;
      if (pip.status !== 0) say(`pip could not install onnx (${(pip.stderr ?? '').trim().split('\n').at(-1)}): the model-reading row compares with node -e 0 only`);
    }
  }
  for (const peer of ['snakemake', 'python-onnx', 'sha256sum']) say(`${peer}: ${peerAvailable(peer) ? 'available' : 'not available'}`);
}
