import { kserveEndpointKind } from '@pipeline/kinds';
import { definePlugin } from '@pipeline/sdk';
import { serveLocalStage } from './stage.js';

export { serveLocalStage } from './stage.js';

/** The `serve/local` stage and the `kserve-endpoint` kind it produces. */
export const plugin = definePlugin({ name: '@pipeline/stage-serve-local', stages: [serveLocalStage], kinds: [kserveEndpointKind] });
