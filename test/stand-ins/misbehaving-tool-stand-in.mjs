// A stand-in for an external tool that misbehaves, for the robustness tests (no real tool is run).
//   node misbehaving-tool-stand-in.mjs <mode> <pid file>
// Modes: hang (sleeps forever), crash (aborts: SIGABRT), flood (writes ~64 MB to stdout, then sleeps),
// ignore-term (ignores SIGTERM and starts a grandchild that ignores it too). Every mode but crash first
// writes "<its pid> <grandchild pid or ->" to the pid file, so a test can check nothing survives.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const [mode, pidFile] = process.argv.slice(2);
const forever = () => setInterval(() => {}, 1000);
let grandchild = '-';
if (mode === 'ignore-term') {
  process.on('SIGTERM', () => {});
  const child = spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)"], { stdio: 'ignore' });
  grandchild = String(child.pid);
}
if (mode !== 'crash') writeFileSync(pidFile, `${process.pid} ${grandchild}`);
if (mode === 'crash') process.abort();
if (mode === 'flood') {
  const line = `${'flood '.repeat(170)}\n`;
  let written = 0;
  const pump = () => {
    while (written < 64 * 1024 * 1024) {
      written += line.length;
      if (!process.stdout.write(line)) return process.stdout.once('drain', pump);
    }
    forever();
  };
  pump();
} else {
  forever();
}
