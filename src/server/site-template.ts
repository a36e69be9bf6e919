// A new site from another's (#16 item 4, docs/console.md#site-templates): the template site's settings, its
// active visitor types and the newest version of each of their documents, and its shared device profile
// (without addresses: they name the template's machines), as server ops of the new site —
// the ops an administrator's edits would be, so the new site's stations pull them like any central data.
// Staff, hosts, stations and visits stay with the template. Zone limits are left out: they name the
// template's zones, which only its own stations know.
import { profileOf, type ProfileDevices } from '../shared/devices';
import { rowOf, type EntityState } from '../shared/merge';
import { readStoredSettings } from '../shared/settings';
import { newId } from '../shared/ids';
import type { StarterOp } from './starter-site';
import type { SyncStore } from './store';

/** What was copied, for the audit entry. */
export interface TemplateCopy {
  settings: string[];
  visitorTypes: number;
  documents: number;
  /** The template's shared device profile was copied. */
  deviceProfile: boolean;
}

export async function templateOps(
  store: SyncStore,
  templateId: string,
  siteId: string,
  at: string,
): Promise<{ ops: StarterOp[]; copied: TemplateCopy }> {
  const states = await store.siteEntities(templateId, [
    'siteSettings',
    'visitorType',
    'visitorTypeDocument',
    'deviceProfile',
  ]);
  const rows = (kind: EntityState['kind']) =>
    states.flatMap((state) => {
      const row = state.kind === kind ? rowOf(state) : null;
      return row ? [row] : [];
    });
  const ops: StarterOp[] = [];

  // Only what the template set: a value it left to the default stays the default here too.
  const {
    id: _id,
    zoneCapacities: _zones,
    ...stored
  } = rows('siteSettings').find((r) => r.id === templateId) ?? {};
  const read = readStoredSettings(stored) as Record<string, unknown>;
  const settings = Object.keys(stored)
    .filter((field) => field in read)
    .sort();
  if (settings.length)
    ops.push({
      type: 'site.settings',
      entityId: siteId,
      siteId,
      payload: Object.fromEntries(settings.map((field) => [field, read[field]])),
    });

  // Each type gets an id of its own at the new site; its documents follow it there.
  const typeIds = new Map<string, string>();
  for (const { id, ...type } of rows('visitorType').filter((t) => t.active !== false)) {
    const typeId = newId();
    typeIds.set(String(id), typeId);
    ops.push({
      type: 'visitorType.upsert',
      entityId: typeId,
      siteId,
      payload: { ...type, siteId, createdAt: at, updatedAt: at },
    });
  }
  const newest = new Map<string, Record<string, unknown>>();
  for (const doc of rows('visitorTypeDocument')) {
    const key = `${String(doc.visitorTypeId)} ${String(doc.key)}`;
    if (typeIds.has(String(doc.visitorTypeId)) && Number(doc.version) > Number(newest.get(key)?.version ?? 0))
      newest.set(key, doc);
  }
  for (const { id: _docId, visitorTypeId, ...doc } of newest.values())
    ops.push({
      type: 'visitorTypeDocument.publish',
      entityId: newId(),
      siteId,
      payload: { ...doc, visitorTypeId: typeIds.get(String(visitorTypeId)), createdAt: at },
    });

  // The template's device profile, for the new site's stations to adopt; each finds its own ports.
  const profile = rows('deviceProfile').find((r) => r.id === templateId);
  if (profile)
    ops.push({
      type: 'deviceProfile.share',
      entityId: siteId,
      siteId,
      payload: {
        siteId,
        devices: profileOf(profile.devices as ProfileDevices, false),
        includesAddresses: false,
        sharedByStationId: null,
        createdAt: at,
        updatedAt: at,
      },
    });

  return {
    ops,
    copied: { settings, visitorTypes: typeIds.size, documents: newest.size, deviceProfile: Boolean(profile) },
  };
}
