// How the sync server answers a failed request, for its own routes (./app.ts) and the console's
// (./console/routes.ts): a refusal with its status and code, a request Fastify could not read as
// invalid_input, and anything else as a 500 that says nothing was changed (and is logged).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../shared/errors';
import { SyncError } from '../shared/sync';

/** An error handler whose 500 answer says `failed` (which part of the server failed). */
export function errorHandler(failed: string) {
  return (error: unknown, req: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof ApiError || error instanceof SyncError) {
      if (error instanceof ApiError && error.retryAfterSeconds)
        reply.header('retry-after', String(error.retryAfterSeconds));
      return reply.code(error.status).send(error.toJSON());
    }
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status < 500)
      return reply.code(status).send({
        code: 'invalid_input',
        message: `The request could not be read: ${(error as Error).message}`,
      });
    req.log.error(error);
    return reply.code(500).send({ code: 'internal', message: `${failed}; nothing was changed. Try again.` });
  };
}
