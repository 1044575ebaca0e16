import { defineArtifactKind, jsonKind } from '@pipeline/sdk';
import { z } from 'zod';

/** Where a running KServe v2 / Triton server answers (a service a stage started, or a named server). */
export const kserveEndpointMetaSchema = z.lazy(() =>
  z.object({
    /** The HTTP base URL, e.g. http://127.0.0.1:8000. */
    url: z.string(),
    /** Where its Prometheus metrics are, when known. */
    metrics_url: z.string().optional(),
    /** The models it serves, as it listed them when it became ready. */
    models: z.array(z.string()).optional(),
  }),
);
export type KserveEndpointMeta = z.infer<typeof kserveEndpointMetaSchema>;

/** A server endpoint as an artifact (endpoint.json), so the stages that call a server take it as an input. */
export const kserveEndpointKind = defineArtifactKind('kserve-endpoint', kserveEndpointMetaSchema, {
  parent: jsonKind,
  description: 'The URL of a running KServe v2 / Triton HTTP server (e.g. a service started by serve/local).',
});
