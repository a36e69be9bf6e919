// The update routes of the sync server (docs/updates.md). Administrators upload artefacts, publish signed
// releases, change a rollout and pin a site (admin token); enrolled stations read the feed chosen for them,
// its detached signature and the artefacts (station credential), at the base URL
// <server>/updates/, electron-updater's generic provider.
import type { FastifyInstance } from 'fastify';
import type { Readable } from 'node:stream';
import { SyncError } from '../../shared/sync';
import { FEED_SIGNATURE_HEADER, parseFeedFileName } from '../../shared/updates';
import type { StationRecord } from '../store';
import { UpdateFeeds, type UpdateFeedsOptions } from './feeds';
import type { UpdateStore } from './store';

export interface UpdateRoutesDeps {
  store: UpdateStore;
  feeds: UpdateFeedsOptions;
  stationOf(authorization: string | undefined): Promise<StationRecord>;
  requireAdmin(authorization: string | undefined): void;
}

export async function registerUpdateRoutes(
  app: FastifyInstance,
  deps: UpdateRoutesDeps,
): Promise<UpdateFeeds> {
  const feeds = new UpdateFeeds(deps.store, deps.feeds);
  const { requireAdmin, stationOf } = deps;

  await app.register(async (scope) => {
    // Artefacts arrive as the raw bytes, streamed to disk (no 16 MB JSON body limit, no base64).
    scope.addContentTypeParser('application/octet-stream', (_req, payload, done) => done(null, payload));
    scope.put<{ Params: { name: string } }>('/admin/updates/files/:name', async (req, reply) => {
      requireAdmin(req.headers.authorization);
      if (!req.body) throw new SyncError('invalid_input', 'Send the artefact as application/octet-stream.');
      return reply.code(201).send(await feeds.storeArtefact(req.params.name, req.body as Readable));
    });
  });

  app.get('/admin/updates', async (req) => {
    requireAdmin(req.headers.authorization);
    return feeds.overview();
  });
  app.post('/admin/updates/releases', async (req, reply) => {
    requireAdmin(req.headers.authorization);
    return reply.code(201).send(await feeds.publish(req.body));
  });
  app.post('/admin/updates/rollout', async (req) => {
    requireAdmin(req.headers.authorization);
    return feeds.setRollout(req.body);
  });
  app.put<{ Params: { id: string } }>('/admin/sites/:id/update-pin', async (req) => {
    requireAdmin(req.headers.authorization);
    return feeds.pin(req.params.id, req.body);
  });

  // Stations: <channel file>, <channel file>.sig, or an artefact named in it.
  app.get<{ Params: { name: string } }>('/updates/:name', async (req, reply) => {
    const station = await stationOf(req.headers.authorization);
    const { name } = req.params;
    const signatureOnly = name.endsWith('.yml.sig');
    const feedName = parseFeedFileName(signatureOnly ? name.slice(0, -'.sig'.length) : name);
    if (feedName) {
      const chosen = await feeds.feedFor(station, feedName.channel, feedName.platform);
      if (!chosen)
        throw new SyncError('not_found', `No release is offered to this station on ${feedName.channel}.`);
      reply.header('cache-control', 'no-store');
      if (signatureOnly) return reply.type('text/plain').send(`${chosen.signature}\n`);
      return reply.header(FEED_SIGNATURE_HEADER, chosen.signature).type('text/yaml').send(chosen.feed);
    }
    if (name.endsWith('.yml') || signatureOnly)
      throw new SyncError('not_found', `There is no update channel file ${name}.`);
    const file = feeds.artefact(name);
    return reply.type('application/octet-stream').header('content-length', file.size).send(file.stream);
  });

  return feeds;
}
