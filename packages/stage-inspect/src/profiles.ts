import type { IoSpec, ShapeProfile } from '@pipeline/kinds';

/**
 * A starting min/opt/max for one dynamic input, from what the model declares. The model cannot know the
 * real range, so the rule is simple and stated: the leading dim is a batch (1 / 1 / 32); an image-like
 * spatial dim (rank 4, channel ≤ 4) spans 1× to 8× its static sibling or 32–1024 when both are dynamic,
 * optimised at 2× (or 320); any other dim spans 1 to 512, optimised at 64.
 */
export function suggestProfile(input: IoSpec): ShapeProfile {
  const shape = input.shape ?? [];
  const min: number[] = [];
  const opt: number[] = [];
  const max: number[] = [];
  const channels = shape[1];
  const imageLike = shape.length === 4 && typeof channels === 'number' && channels <= 4;
  shape.forEach((dim, axis) => {
    if (typeof dim === 'number') {
      min.push(dim);
      opt.push(dim);
      max.push(dim);
    } else if (axis === 0) {
      min.push(1);
      opt.push(1);
      max.push(32);
    } else if (imageLike && axis >= 2) {
      const sibling = shape[axis === 2 ? 3 : 2];
      if (typeof sibling === 'number') {
        min.push(sibling);
        opt.push(sibling * 2);
        max.push(sibling * 8);
      } else {
        min.push(32);
        opt.push(320);
        max.push(1024);
      }
    } else {
      min.push(1);
      opt.push(64);
      max.push(512);
    }
  });
  return { input: input.name, min, opt, max };
}
