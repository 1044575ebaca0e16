import { z } from 'zod';

/**
 * The `server:` param of the stages that take a `runner:`: where `runner: triton` finds its KServe v2
 * server (its fields are the triton entry's settings). One schema, so validate and benchmark agree.
 */
export const serverParamsSchema = z.object({
  // http(s) only: the KServe client speaks nothing else, so another scheme is a mistake `check` can see.
  url: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }).describe('The server, e.g. http://127.0.0.1:8000 (`pipeline serve`, or Triton).'),
  model: z.string().min(1).optional().describe('A model the server already serves; without it, the stage uploads its model file (explicit model-control mode) and unloads it afterwards.'),
  version: z.string().optional().describe('The served version (default: the latest).'),
  headers: z.record(z.string(), z.string()).optional().describe('Headers sent with every request (a gateway key).'),
  bearer_token: z.string().optional().describe('Sent as `Authorization: Bearer …` (keep the token in `secrets:`).'),
  timeout_ms: z.number().int().positive().optional().describe('Per request (default 30000).'),
});

export type ServerParams = z.output<typeof serverParamsSchema>;
