// The station's calls to the sync server's notification routes (inbox, host flags, delegations), with
// the station's own credential. Kept apart from the op transport: these are read-through views, not sync.
// The routes and the schemas of their requests and answers are shared with the server (src/shared/notify.ts).
import type { z } from 'zod';
import type { StationBase } from '../core/context';
import { ApiError } from '../../shared/errors';
import { syncErrorBodySchema } from '../../shared/sync';
import { syncServerSettings } from '../sync/enroll';

/** Whether this station has a sync server to ask. */
export const hasNotifyServer = (station: Pick<StationBase, 'db' | 'keys'>) =>
  syncServerSettings(station) !== undefined;

/** One request to the sync server; its refusals and an unreachable server become ApiErrors. */
export async function notifyRequest<T>(
  station: Pick<StationBase, 'db' | 'keys'>,
  path: string,
  schema: z.ZodType<T>,
  body?: unknown,
): Promise<T> {
  const settings = syncServerSettings(station);
  if (!settings) throw new ApiError('not_configured', 'This station has no sync server for notifications.');
  let response: Response;
  try {
    response = await fetch(new URL(path, settings.serverUrl), {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${settings.credential}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
  } catch {
    throw new ApiError('unavailable', 'The sync server cannot be reached; try again when it is back.');
  }
  const json: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = syncErrorBodySchema.safeParse(json);
    const message = error.success ? error.data.message : `The sync server answered ${response.status}.`;
    throw new ApiError(
      response.status === 404 ? 'not_found' : response.status === 400 ? 'invalid_input' : 'unavailable',
      message,
    );
  }
  return schema.parse(json);
}
