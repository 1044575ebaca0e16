// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is the pipeline expression syntax.
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { makeServeRepository } from './serve-repository.js';
import { type ServeProcess, startServeProcess } from './serve-process.js';
import { ocrModels } from './test-models.js';

/** A server to deploy to and a package to deploy, for the deploy tests. */
export interface DeployTarget {
  /** `pipeline serve` (the built CLI, its own process) on `repository`. */
  serve: ServeProcess;
  /** The server's own model repository folder (what a rollback reloads from). */
  repository: string;
  /** The package to deploy: the cls model folder as package/triton lays it out (config.pbtxt + 1/model.onnx). */
  packaged: string;
  /** The versions the server's repository folder holds for a model. */
  onDisk(model: string): Promise<string[]>;
  /** The versions of a model the server reports READY (asked directly, not through any proxy). */
  readyVersions(model: string): Promise<(string | undefined)[]>;
  stop(): Promise<void>;
}

export async function startDeployTarget(): Promise<DeployTarget> {
  const repository = await makeServeRepository();
  const packaged = await mkdtemp(path.join(os.tmpdir(), 'deploy-pkg-'));
  await cp(path.join(repository, 'cls'), path.join(packaged, 'cls'), { recursive: true });
  const serve = await startServeProcess(repository, 'cls');
  return {
    serve,
    repository,
    packaged,
    onDisk: async (model) => (await readdir(path.join(repository, model))).filter((d) => /^[1-9]\d*$/.test(d)),
    readyVersions: async (model) => {
      const index = (await fetch(`${serve.url}/v2/repository/index`, { method: 'POST', body: '{}' }).then((r) => r.json())) as { name: string; version?: string; state?: string }[];
      return index.filter((e) => e.name === model && e.state === 'READY').map((e) => e.version);
    },
    stop: async () => {
      await serve.stop();
      await Promise.all([repository, packaged].map((d) => rm(d, { recursive: true, force: true })));
    },
  };
}

/**
 * The stages of a pipeline file that package the cls model (package/triton) and deploy it (deploy/triton),
 * with `deployWith` added under the deploy's `with:` (lines of YAML, indented to that level by this).
 */
export function packageAndDeployStages(deployWith: readonly string[]): string {
  return `stages:
  package:
    uses: package/triton
    with: { model: ${ocrModels.cls}, name: cls, max_batch_size: 8, instance_group: [{ kind: KIND_CPU, count: 1 }] }
  deploy:
    uses: deploy/triton
    with:
      repository: \${{ stages.package.outputs.repository }}
      reference: ${ocrModels.cls}
      smoke: { dims: { p2o.DynamicDimension.1: 48, p2o.DynamicDimension.2: 64 } }
${deployWith.map((line) => `      ${line}`).join('\n')}
`;
}

