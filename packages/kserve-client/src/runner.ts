import { InvalidInputError } from '@pipeline/errors';
import type { Runner, RunOptions } from '@pipeline/runner';
import type { Tensor, TensorSpec } from '@pipeline/tensor';
import { KServeClient, type KServeClientOptions } from './client.js';
import type { TensorMetadataJson } from './protocol-types.js';
import { dtypeFromDatatype } from './tensor-bytes.js';

export interface KServeRunnerOptions extends KServeClientOptions {
  model: string;
  version?: string;
}

function specOf(tensor: TensorMetadataJson, model: string): TensorSpec {
  const dtype = dtypeFromDatatype(tensor.datatype);
  if (dtype === undefined) throw new InvalidInputError('E_KSERVE_DATATYPE', `model "${model}": tensor "${tensor.name}" has datatype ${tensor.datatype}, which has no tensor type here`);
  return { name: tensor.name, dtype, shape: tensor.shape.map((d) => (d < 0 ? null : d)) };
}

/**
 * A model served by any KServe v2 server (Triton, or `pipeline serve`) as a Runner: its inputs and outputs
 * come from the model metadata, and each `run` is one binary-extension inference request.
 */
export async function openKServeRunner(options: KServeRunnerOptions): Promise<Runner> {
  const client = new KServeClient(options);
  try {
    const [server, metadata] = await Promise.all([client.serverMetadata(), client.modelMetadata(options.model, options.version)]);
    const inputs = metadata.inputs.map((t) => specOf(t, options.model));
    const outputs = metadata.outputs.map((t) => specOf(t, options.model));
    return {
      info: {
        backend: 'triton',
        version: `${server.name} ${server.version}`,
        executionProviders: [],
        details: { url: client.url, model: options.model, version: options.version ?? 'latest', platform: metadata.platform },
      },
      inputs,
      outputs,
      async run(feeds: Readonly<Record<string, Tensor>>, runOptions: RunOptions = {}): Promise<Record<string, Tensor>> {
        const inferOptions: Parameters<KServeClient['infer']>[2] = {};
        if (options.version !== undefined) inferOptions.version = options.version;
        if (runOptions.outputs !== undefined) inferOptions.outputs = runOptions.outputs;
        if (runOptions.signal !== undefined) inferOptions.signal = runOptions.signal;
        return (await client.infer(options.model, feeds, inferOptions)).outputs;
      },
      close: () => client.close(),
    };
  } catch (error) {
    await client.close();
    throw error;
  }
}
