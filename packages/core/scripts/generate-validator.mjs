// Regenerates src/generated/pipeline-file-validator.ts from the zod schemas (via the built dist/).
// Run: npx tsc -b packages/core && npm run generate -w @pipeline/core
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateValidatorModule } from '../dist/schema/standalone.js';

const target = fileURLToPath(new URL('../src/generated/pipeline-file-validator.ts', import.meta.url));
writeFileSync(target, generateValidatorModule());
console.log(`wrote ${target}`);
