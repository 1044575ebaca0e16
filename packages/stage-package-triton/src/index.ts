import { tritonModelRepositoryKind } from '@pipeline/kinds';
import { definePlugin } from '@pipeline/sdk';
import { packageTritonStage } from './stage.js';

export { packageTritonParams, packageTritonStage } from './stage.js';

/** The `package/triton` stage as a plugin the CLI loads. */
export const plugin = definePlugin({ name: '@pipeline/stage-package-triton', stages: [packageTritonStage], kinds: [tritonModelRepositoryKind] });
export { PackageTritonCode } from './codes.js';
