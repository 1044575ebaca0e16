import { z } from 'zod';
import { defineArtifactKind } from './artifact.js';

/** Any single file; every file kind descends from it. */
export const fileKind = defineArtifactKind('file', z.object({}).loose(), {
  description: 'Any file.',
});

/** Any folder; folder kinds (a Triton model repository) descend from it. */
export const directoryKind = defineArtifactKind('directory', z.object({}).loose(), {
  description: 'Any folder.',
  layout: 'directory',
});

export const textKind = defineArtifactKind('text', z.object({}).loose(), {
  parent: fileKind,
  description: 'A text file (a log, a Markdown report).',
  extensions: ['.txt', '.log', '.md'],
});

export const jsonKind = defineArtifactKind('json', z.object({}).loose(), {
  parent: fileKind,
  description: 'A JSON document.',
  extensions: ['.json'],
});

export const builtinKinds = [fileKind, directoryKind, textKind, jsonKind] as const;
