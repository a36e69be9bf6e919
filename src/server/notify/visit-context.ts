// What a message says about a visit, read from the synced state the sync store merged: the visitor and
// their company, the host, the site and the station they wait at. Filled into the templates.
import type { EntityState } from '../../shared/merge';
import { SERVER_AUTHOR_ID } from '../../shared/sync';
import type { NotifyDeps } from './deps';

export const field = (state: EntityState | undefined, name: string): string | null => {
  const v = state?.fields[name]?.v;
  return typeof v === 'string' ? v : null;
};

export interface VisitContext {
  visitId: string;
  siteId: string;
  siteName: string;
  hostId: string | null;
  hostName: string | null;
  visitorTypeId: string | null;
  visitorName: string;
  company: string | null;
  /** Only in the host's arrival e-mail. */
  photo: string | null;
  location: string;
  status: string | null;
}

/** Where a station of a site is, for messages: "Lobby kiosk, Harbour House" (or the site alone). */
export async function locationOf(
  { store }: Pick<NotifyDeps, 'store'>,
  stationId: string,
  siteName: string,
): Promise<string> {
  const stationName = stationId === SERVER_AUTHOR_ID ? undefined : await store.stationName(stationId);
  return stationName ? `${stationName}, ${siteName}` : siteName;
}

/** A visit as messages name it; `stationId` is who reported it (the server itself: no station). */
export async function visitContext(
  deps: Pick<NotifyDeps, 'store' | 'sync'>,
  visitId: string,
  stationId: string = SERVER_AUTHOR_ID,
): Promise<VisitContext | undefined> {
  const { store, sync } = deps;
  const visit = await store.entity('visit', visitId);
  if (!visit?.siteId) return undefined;
  const visitorId = field(visit, 'visitorId');
  const visitor = visitorId ? await store.entity('visitor', visitorId) : undefined;
  const hostId = field(visit, 'hostId');
  const host = hostId ? await store.entity('host', hostId) : undefined;
  const siteName = (await sync.store.site(visit.siteId))?.name ?? '';
  return {
    visitId,
    siteId: visit.siteId,
    siteName,
    hostId,
    hostName: field(host, 'name'),
    visitorTypeId: field(visit, 'visitorTypeId'),
    visitorName: field(visitor, 'name') ?? '?',
    company: field(visitor, 'company'),
    photo: null,
    location: await locationOf(deps, stationId, siteName),
    status: visit.status,
  };
}
