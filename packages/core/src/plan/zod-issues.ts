// zod reports a value that fits no option of a union as one "Invalid input" at the union itself. When
// the value plainly meant one option — the others do not know a key it has — that option's own issues
// say what is wrong, and where: `data: { random: { count: "four" } }` is "data.random.count: expected
// number", not "data: Invalid input".
import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

/** Whether an option's issues include a key at the union's own level that the option does not know. */
const refusesAKey = (issues: readonly Issue[]): boolean => issues.some((i) => i.code === 'unrecognized_keys' && i.path.length === 0);

/** The issues a person can act on: each union issue whose value meant exactly one option becomes that option's issues. */
export function specificIssues(issues: readonly Issue[]): Issue[] {
  return issues.flatMap((issue): Issue[] => {
    if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [issue];
    const meant = issue.errors.filter((option) => !refusesAKey(option));
    const [only] = meant;
    if (meant.length !== 1 || !only) return [issue];
    return specificIssues(only.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] }) as Issue));
  });
}
