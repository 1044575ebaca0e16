import { join } from 'node:path';

/** Where things live under `<baseDir>/.pipeline/`. One place, so `cache`, `explain` and `run` agree. */
export function workspaceLayout(workspace: string) {
  return {
    workspace,
    store: join(workspace, 'store'),
    cache: join(workspace, 'cache'),
    runs: join(workspace, 'runs'),
    /** Pipeline file → id of its last finished run, for `explain` (several pipelines may share a folder). */
    latest: join(workspace, 'runs', 'latest.json'),
    tmp: join(workspace, 'tmp'),
    /** Per stage name, folders a stage keeps across runs for a tool's own caches (`ctx.keepDir`). */
    keep: join(workspace, 'keep'),
    memo: join(workspace, 'hash-memo.json'),
    /** The key of the digests that stand for secret params in recorded cache keys (never printed). */
    secretSalt: join(workspace, 'secret-salt'),
  };
}

export type WorkspaceLayout = ReturnType<typeof workspaceLayout>;

/** A stage id as a file name: matrix ids (`convert@precision=fp16`) are fine; separators are not. */
export function stageFileName(stageId: string): string {
  return stageId.replace(/[^\w@=.,+-]/g, '_');
}
