import { serverUrlParam, tlsParamsSchema } from '@pipeline/kserve-client/target-params';
import { z } from 'zod';

/**
 * The `server:` param of the stages that take a `runner:`: where `runner: triton` finds its KServe v2
 * server (its fields are the triton entry's settings). One schema, so validate and benchmark agree; `url`
 * and `tls` are the very schemas deploy/triton and benchmark/server use, so a server is described one way.
 */
export const serverParamsSchema = z.object({
  url: serverUrlParam('The server, e.g. http://127.0.0.1:8000 (`pipeline serve`, or Triton), or an https:// gateway with a path prefix (https://gw.example/triton), kept on every request.'),
  model: z.string().min(1).optional().describe('A model the server already serves; without it, the stage uploads its model file (explicit model-control mode) and unloads it afterwards.'),
  version: z.string().optional().describe('The served version (default: the latest).'),
  headers: z.record(z.string(), z.string()).optional().describe('Headers sent with every request (a gateway key).'),
  bearer_token: z.string().optional().describe('Sent as `Authorization: Bearer …` (keep the token in `secrets:`).'),
  timeout_ms: z.number().int().positive().optional().describe('Per request (default 30000).'),
  tls: tlsParamsSchema.optional().describe('For https:// URLs: the CA to trust (ca PEM text, or ca_file), a client certificate for mutual TLS (cert_file and key_file), the name the server’s certificate must carry (servername), whether to verify it. Paths are read from the directory pipeline run runs in.'),
});

export type ServerParams = z.output<typeof serverParamsSchema>;
