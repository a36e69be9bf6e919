// What a site created at the server starts with (`add-site`, the console): the default visitor types and
// their documents (the same as the demo site's, src/shared/default-site.ts), or a template site's, and a
// "Reception" host, so a kiosk of the site can check a walk-in in on day one. Authored as server ops like
// any central data.
import { DEFAULT_NDA, DEFAULT_VISITOR_TYPES } from '../shared/default-site';
import { newId } from '../shared/ids';
import { foldForSearch } from '../shared/text';
import type { CentralOp } from './central-op';

export type StarterOp = Omit<CentralOp, 'type'> & {
  type: CentralOp['type'] | 'visitorTypeDocument.publish' | 'site.settings' | 'deviceProfile.share';
};

export const STARTER_HOST = 'Reception';

/**
 * The starter site: `types` (the default visitor types and documents, or a template site's copy with its
 * settings, ./site-template.ts) and the Reception host.
 */
export function starterOps(siteId: string, at: string, types = defaultTypeOps(siteId, at)): StarterOp[] {
  return [...types, receptionOp(siteId, at)];
}

function defaultTypeOps(siteId: string, at: string): StarterOp[] {
  const ops: StarterOp[] = [];
  DEFAULT_VISITOR_TYPES.forEach(({ nda, ...type }, sortOrder) => {
    const typeId = newId();
    ops.push({
      type: 'visitorType.upsert',
      entityId: typeId,
      siteId,
      payload: { siteId, sortOrder, active: true, ...type, createdAt: at, updatedAt: at },
    });
    if (nda) {
      const id = newId();
      ops.push({
        type: 'visitorTypeDocument.publish',
        entityId: id,
        siteId,
        payload: { visitorTypeId: typeId, key: 'nda', version: 1, ...DEFAULT_NDA, createdAt: at },
      });
    }
  });
  return ops;
}

function receptionOp(siteId: string, at: string): StarterOp {
  return {
    type: 'host.upsert',
    entityId: newId(),
    siteId,
    payload: {
      siteId,
      name: STARTER_HOST,
      searchName: foldForSearch(STARTER_HOST),
      department: null,
      createdAt: at,
      updatedAt: at,
    },
  };
}
