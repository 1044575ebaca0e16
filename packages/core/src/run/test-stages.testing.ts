import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GateFailedError, InvalidInputError, StageFailedError, UsageError } from '@pipeline/errors';
import { defineStage, input, output, textKind } from '@pipeline/sdk';
import { z } from 'zod';

/** Stages used by the runner's tests. Each does one observable thing. */

/** Counts how many `sleepy` stages run at once. */
export const concurrencyProbe = { active: 0, max: 0, seenBesideExclusive: 0 };

export const writeText = defineStage({
  name: 'test/write-text',
  version: 1,
  description: 'writes params.text to out.txt',
  inputs: {},
  params: z.object({ text: z.string(), sleepMs: z.number().default(0), exclusiveProbe: z.boolean().default(false) }),
  outputs: { out: output(textKind) },
  async run({ params, outDir, signal, log }) {
    concurrencyProbe.active += 1;
    concurrencyProbe.max = Math.max(concurrencyProbe.max, concurrencyProbe.active);
    try {
      log.info(`writing ${params.text.length} characters`);
      if (params.sleepMs > 0) await new Promise((r) => setTimeout(r, params.sleepMs));
      signal.throwIfAborted();
      await writeFile(join(outDir, 'out.txt'), params.text);
      return { outputs: { out: { path: 'out.txt', meta: {} } } };
    } finally {
      concurrencyProbe.active -= 1;
    }
  },
});

export const exclusiveStage = defineStage({
  name: 'test/exclusive',
  version: 1,
  description: 'records whether anything ran beside it',
  inputs: {},
  params: z.object({ sleepMs: z.number().default(50) }),
  outputs: {},
  resources: { exclusive: true },
  async run({ params }) {
    concurrencyProbe.active += 1;
    concurrencyProbe.seenBesideExclusive = Math.max(concurrencyProbe.seenBesideExclusive, concurrencyProbe.active - 1);
    await new Promise((r) => setTimeout(r, params.sleepMs));
    concurrencyProbe.seenBesideExclusive = Math.max(concurrencyProbe.seenBesideExclusive, concurrencyProbe.active - 1);
    concurrencyProbe.active -= 1;
    return { outputs: {} };
  },
});

export const upper = defineStage({
  name: 'test/upper',
  version: 1,
  description: 'upper-cases its input file',
  inputs: { text: input(textKind) },
  params: z.object({}),
  outputs: { out: output(textKind) },
  async run({ inputs, outDir }) {
    const text = await readFile(inputs.text.path, 'utf8');
    await writeFile(join(outDir, 'upper.txt'), text.toUpperCase());
    return { outputs: { out: { path: 'upper.txt', meta: {} } } };
  },
});

/** Fails in the way `params.mode` says. */
export const failing = defineStage({
  name: 'test/failing',
  version: 1,
  description: 'fails on purpose',
  inputs: {},
  params: z.object({
    mode: z.enum(['gate', 'gate-throw', 'pipeline-error', 'crash', 'bad-meta', 'missing-output', 'transient', 'hang', 'exec-hang', 'no-outputs', 'output-not-object', 'invalid-input', 'usage-error']),
    transientFailures: z.number().default(0),
    counterFile: z.string().optional(),
  }),
  outputs: { out: output(textKind, { optional: true }) },
  async run({ params, report, outDir, signal, exec }) {
    switch (params.mode) {
      case 'gate':
        report.metric('accuracy', 0.5);
        report.gate({ name: 'min_accuracy', metric: 'accuracy', value: 0.5, op: '>=', bound: 0.9 });
        return { outputs: {} };
      case 'gate-throw':
        throw new GateFailedError('E_GATE', 'accuracy too low');
      case 'pipeline-error':
        throw new StageFailedError('E_SERVER_DOWN', 'server unreachable', { hint: 'start the server' });
      case 'crash':
        return (undefined as unknown as { boom(): never }).boom();
      case 'bad-meta': {
        await writeFile(join(outDir, 'x.txt'), 'x');
        // textKind's meta is a loose object: a string is not an object.
        return { outputs: { out: { path: 'x.txt', meta: 'not an object' as unknown as Record<string, never> } } };
      }
      case 'invalid-input':
        throw new InvalidInputError('E_FEED_MISMATCH', 'input "x" is float32[1,3], the model wants float32[1,4]');
      case 'usage-error':
        throw new UsageError('E_DYNAMIC_SHAPE', 'input "x" has a dynamic dim and no shape was given');
      case 'no-outputs':
        // A JS plugin forgetting the `{ outputs }` wrapper.
        return { files: ['x.txt'] } as unknown as { outputs: Record<string, never> };
      case 'output-not-object':
        return { outputs: { out: 'x.txt' } } as unknown as { outputs: Record<string, never> };
      case 'missing-output':
        return { outputs: { out: { path: 'nowhere.txt', meta: {} } } };
      case 'transient': {
        const file = params.counterFile!;
        const count = Number(await readFile(file, 'utf8').catch(() => '0')) + 1;
        await writeFile(file, String(count));
        if (count <= params.transientFailures) throw new StageFailedError('E_FLAKY', `flaky failure ${count}`, { transient: true });
        await writeFile(join(outDir, 'ok.txt'), `ok after ${count}`);
        return { outputs: { out: { path: 'ok.txt', meta: {} } } };
      }
      case 'hang':
        await new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
        return { outputs: {} };
      case 'exec-hang':
        // A child that starts a grandchild, both of which would outlive a naive kill.
        await exec('sh', ['-c', `sleep 30 & echo $! > ${params.counterFile}; sleep 30`]);
        return { outputs: {} };
    }
  },
});
