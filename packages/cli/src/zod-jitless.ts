import { config } from 'zod';

// Imported by bin.ts before a command loads, so before any schema is built (zod reads the setting
// when it builds an object schema). Why: zod compiles each object schema's parser with `new Function`
// on its first parse, which pays off after many parses; a CLI command parses each schema once or a few
// times (the pipeline file, a stage's params, a report), and V8's code cache cannot keep code made by
// `new Function`. Without it `check pipelines/ocr-cls.yaml` takes 142 instead of 154 ms (21
// interleaved rounds, PERFORMANCE.md). Nothing long-running in the CLI parses with zod per request
// (serve, the load generator and the benchmark loops do not).
config({ jitless: true });
