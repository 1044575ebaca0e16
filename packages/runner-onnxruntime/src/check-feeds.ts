import { InvalidInputError } from '@pipeline/errors';
import { elementCount, type Tensor, type TensorSpec } from '@pipeline/tensor';

function formatShape(shape: readonly (number | string | null)[] | undefined): string {
  return shape === undefined ? '[?]' : `[${shape.map((d) => (d === null ? '?' : String(d))).join(', ')}]`;
}

function mismatch(modelPath: string, message: string): InvalidInputError {
  return new InvalidInputError('E_FEED_MISMATCH', `${modelPath}: ${message}`, { hint: 'compare the data with the model inputs shown by `pipeline inspect`' });
}

/**
 * Checks feeds against the model's inputs before ONNX Runtime sees them, so the user reads which input is
 * wrong and how (expected vs got) instead of a native error. Every problem found is listed.
 */
export function checkFeeds(specs: readonly TensorSpec[], feeds: Readonly<Record<string, Tensor>>, modelPath: string): void {
  const problems: string[] = [];
  const expectedNames = specs.map((s) => s.name);
  for (const name of Object.keys(feeds)) {
    if (!expectedNames.includes(name)) problems.push(`unknown input "${name}" (the model's inputs are ${expectedNames.map((n) => `"${n}"`).join(', ')})`);
  }
  for (const spec of specs) {
    const feed = feeds[spec.name];
    if (feed === undefined) {
      problems.push(`input "${spec.name}" is missing (expected ${spec.dtype} ${formatShape(spec.shape)})`);
      continue;
    }
    if (feed.dtype !== spec.dtype) problems.push(`input "${spec.name}": expected dtype ${spec.dtype}, got ${feed.dtype}`);
    if (spec.shape !== undefined) {
      if (feed.shape.length !== spec.shape.length) {
        problems.push(`input "${spec.name}": expected rank ${spec.shape.length} ${formatShape(spec.shape)}, got rank ${feed.shape.length} ${formatShape(feed.shape)}`);
      } else {
        spec.shape.forEach((dim, axis) => {
          if (typeof dim === 'number' && feed.shape[axis] !== dim) {
            problems.push(`input "${spec.name}": expected shape ${formatShape(spec.shape)}, got ${formatShape(feed.shape)} (axis ${axis} must be ${dim})`);
          }
        });
      }
    }
    const count = elementCount(feed.shape);
    if (feed.data.length !== count) problems.push(`input "${spec.name}": shape ${formatShape(feed.shape)} holds ${count} elements but the data has ${feed.data.length}`);
  }
  if (problems.length === 1) throw mismatch(modelPath, problems[0]!);
  if (problems.length > 1) throw mismatch(modelPath, `${problems.length} problems with the inputs:\n  - ${problems.join('\n  - ')}`);
}
