// The station's HTTP transport to the sync server: gzip-compressed JSON bodies, the bearer credential, the
// server's answers validated against the protocol schemas, and its error bodies turned into SyncError.
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { z } from 'zod';
import {
  SyncError,
  checksumResponseSchema,
  entitiesResponseSchema,
  pullResponseSchema,
  pushResponseSchema,
  syncErrorBodySchema,
  type HealthReport,
  type PullRequest,
  type PushRequest,
} from '../../shared/sync';
import type { SyncTransport } from './engine';

const gzipAsync = promisify(gzip);

export interface HttpTransportOptions {
  serverUrl: string;
  credential: string;
  /** A request that takes longer is abandoned (the server dedups if it arrives anyway). */
  timeoutMs?: number;
}

export function httpTransport(options: HttpTransportOptions): SyncTransport {
  const post = async <T>(path: string, body: unknown, schema: z.ZodType<T>): Promise<T> => {
    const response = await fetch(new URL(path, options.serverUrl), {
      method: 'POST',
      headers: {
        authorization: `Bearer ${options.credential}`,
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'accept-encoding': 'gzip',
      },
      body: await gzipAsync(JSON.stringify(body)),
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
    const json: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const error = syncErrorBodySchema.safeParse(json);
      if (error.success) throw new SyncError(error.data.code, error.data.message, error.data.serverHeadSeq);
      throw new SyncError('internal', `The sync server answered ${response.status}.`);
    }
    return schema.parse(json);
  };
  return {
    push: (request: PushRequest) => post('/sync/push', request, pushResponseSchema),
    pull: (request: PullRequest) => post('/sync/pull', request, pullResponseSchema),
    checksum: (request) => post('/sync/checksum', request, checksumResponseSchema),
    entities: (request) => post('/sync/entities', request, entitiesResponseSchema),
    health: async (request: HealthReport) => {
      await post('/sync/health', request, z.object({ ok: z.literal(true) }));
    },
  };
}
