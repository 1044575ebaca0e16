import { tritonModelRepositoryKind } from '@pipeline/kinds';
import { definePlugin } from '@pipeline/sdk';
import { packageTritonStage } from './stage.js';

/**
 * The `package/triton` stage as a plugin the CLI loads. Also `@pipeline/stage-package-triton/plugin`,
 * which imports the stage's definition only (ports, params, probe), not Triton's rules or the config
 * writer its run needs.
 */
export const plugin = definePlugin({ name: '@pipeline/stage-package-triton', stages: [packageTritonStage], kinds: [tritonModelRepositoryKind] });
