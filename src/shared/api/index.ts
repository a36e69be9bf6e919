// The one table of API methods. Add a method by declaring it in the file of its area and giving it a
// handler in src/main/handlers.ts (the compiler insists on both).
import type { z } from 'zod';
import { adminMethods } from './admin';
import { auditMethods } from './audit';
import { deskMethods } from './desk';
import { evacuationMethods } from './evacuation';
import { incidentMethods } from './incidents';
import { watchlistMethods } from './watchlist';
import { devicesMethods } from './devices';
import { directoryMethods } from './directory';
import { gateMethods } from './gate';
import { passMethods } from './passes';
import { reportMethods } from './reports';
import { kioskMethods } from './kiosk';
import { idDocumentMethods } from './id-documents';
import { notifyMethods } from './notify';
import { privacyMethods } from './privacy';
import { sessionMethods } from './session';
import { settingsMethods } from './settings';
import { stationMethods } from './station';
import { syncMethods } from './sync';
import { systemMethods } from './system';
import { visitMethods } from './visits';

export const methods = {
  ...systemMethods,
  ...stationMethods,
  ...sessionMethods,
  ...settingsMethods,
  ...auditMethods,
  ...directoryMethods,
  ...visitMethods,
  ...deskMethods,
  ...evacuationMethods,
  ...incidentMethods,
  ...watchlistMethods,
  ...passMethods,
  ...reportMethods,
  ...gateMethods,
  ...kioskMethods,
  ...idDocumentMethods,
  ...devicesMethods,
  ...syncMethods,
  ...adminMethods,
  ...notifyMethods,
  ...privacyMethods,
};

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type InputOf<M extends MethodName> = z.input<Methods[M]['input']>;
export type ParsedInputOf<M extends MethodName> = z.output<Methods[M]['input']>;
export type OutputOf<M extends MethodName> = z.output<Methods[M]['output']>;
/** How a method runs at the station: it reads, writes in one transaction, or writes with an async effect. */
export type KindOf<M extends MethodName> = [NonNullable<Methods[M]['effect']>] extends [never]
  ? Methods[M]['writes'] extends true
    ? 'write'
    : 'read'
  : 'effect';

export const methodNames = Object.keys(methods) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}
