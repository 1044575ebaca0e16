import { kserveEndpointKind } from '@pipeline/kinds';
import { definePlugin } from '@pipeline/sdk';
import { serveLocalStage } from './stage.js';

/**
 * The `serve/local` stage and the `kserve-endpoint` kind it produces. Also
 * `@pipeline/stage-serve-local/plugin`, as every stage package has one: the entry the CLI imports,
 * holding the stages' definitions (the server itself is a separate process, `./main`).
 */
export const plugin = definePlugin({ name: '@pipeline/stage-serve-local', stages: [serveLocalStage], kinds: [kserveEndpointKind] });
