import os from 'node:os';
import type { BenchmarkReport } from './report-schema.js';

/** What the report records about the machine; injectable so tests do not depend on the host. */
export interface HostFacts {
  cpus: readonly { model: string }[];
  platform: string;
  release: string;
  arch: string;
  nodeVersion: string;
}

/** The machine this process runs on. */
export function currentHost(): HostFacts {
  return { cpus: os.cpus(), platform: os.platform(), release: os.release(), arch: os.arch(), nodeVersion: process.version };
}

/** CPU model, logical cores, OS and Node version, in the report's terms. */
export function describeEnvironment(host: HostFacts = currentHost()): BenchmarkReport['environment'] {
  const environment: BenchmarkReport['environment'] = {
    cpu_cores: host.cpus.length,
    os: `${host.platform} ${host.release} ${host.arch}`,
    node_version: host.nodeVersion,
  };
  const model = host.cpus[0]?.model.trim();
  if (model) environment.cpu_model = model;
  return environment;
}
