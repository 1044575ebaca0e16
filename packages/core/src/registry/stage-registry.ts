import { UsageError } from '@pipeline/errors';
import { type AnyKind, type AnyStage, builtinKinds, type PluginDefinition } from '@pipeline/sdk';

/**
 * The stages and artifact kinds available to a pipeline: the built-in kinds, and whatever the
 * installed plugins (and the file's own `plugins:`) bring. Core knows no stage by name; it asks this.
 */
export class StageRegistry {
  private readonly stageMap = new Map<string, { stage: AnyStage; plugin: PluginDefinition }>();
  private readonly kindMap = new Map<string, AnyKind>();
  private readonly pluginList: PluginDefinition[] = [];

  private constructor() {
    for (const kind of builtinKinds) this.addKind(kind);
  }

  /** A registry of these plugins' stages and kinds. Two plugins providing one stage name is a usage error. */
  static fromPlugins(plugins: readonly PluginDefinition[]): StageRegistry {
    const registry = new StageRegistry();
    for (const plugin of plugins) registry.add(plugin);
    return registry;
  }

  /** A copy with more plugins (those a pipeline file names under `plugins:`). */
  withPlugins(plugins: readonly PluginDefinition[]): StageRegistry {
    return StageRegistry.fromPlugins([...this.pluginList, ...plugins]);
  }

  get(name: string): AnyStage | undefined {
    return this.stageMap.get(name)?.stage;
  }

  /** The plugin that provides a stage, for messages and `pipeline stages`. */
  pluginOf(name: string): PluginDefinition | undefined {
    return this.stageMap.get(name)?.plugin;
  }

  stages(): AnyStage[] {
    // Code-unit order for the same reason as kinds() below.
    return [...this.stageMap.values()].map((entry) => entry.stage).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  plugins(): PluginDefinition[] {
    return [...this.pluginList];
  }

  kinds(): AnyKind[] {
    // Code-unit order, not localeCompare: the first localeCompare of a process loads ICU collation
    // (~5 ms), and every load of a pipeline asks for the kinds. Kind names are lowercase ASCII.
    return [...this.kindMap.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  kind(name: string): AnyKind | undefined {
    return this.kindMap.get(name);
  }

  private add(plugin: PluginDefinition): void {
    this.pluginList.push(plugin);
    for (const kind of plugin.kinds ?? []) this.addKind(kind);
    for (const stage of plugin.stages) {
      const existing = this.stageMap.get(stage.name);
      if (existing && existing.stage !== stage) {
        throw new UsageError('E_PLUGIN_LOAD', `stage "${stage.name}" is provided by both plugin "${existing.plugin.name}" and plugin "${plugin.name}"`, {
          hint: 'remove one of the two plugins, or rename one stage',
        });
      }
      this.stageMap.set(stage.name, { stage, plugin });
      // Kinds a port uses are known even when the plugin forgot to list them.
      for (const port of [...Object.values(stage.inputs), ...Object.values(stage.outputs)] as { kind: AnyKind; refuse?: readonly AnyKind[] }[]) {
        this.addKind(port.kind);
        for (const refused of port.refuse ?? []) this.addKind(refused);
      }
    }
  }

  /** Adds a kind and its ancestors; the first definition of a name wins. */
  private addKind(kind: AnyKind): void {
    for (let k: AnyKind | undefined = kind; k; k = k.parent) {
      if (!this.kindMap.has(k.name)) this.kindMap.set(k.name, k);
    }
  }
}
