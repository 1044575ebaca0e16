import type { AnyKind } from './ports.js';
import type { AnyStage } from './stage.js';

/** What a stage package exports (as `default` or `plugin`): its stages and the artifact kinds it adds. */
export interface PluginDefinition {
  name: string;
  stages: readonly AnyStage[];
  kinds?: readonly AnyKind[];
}

export function definePlugin<const P extends PluginDefinition>(plugin: P): P {
  return plugin;
}
