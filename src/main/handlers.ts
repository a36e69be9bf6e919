// Every API method's handler, by method name. The type makes the compiler refuse a method declared in
// src/shared/api without a handler here.
import type { Handlers } from './context';
import { adminHandlers } from './services/admin';
import { auditHandlers } from './services/audit';
import { deskHandlers } from './services/desk';
import { evacuationHandlers } from './services/evacuation';
import { incidentHandlers } from './services/incidents';
import { watchlistHandlers } from './services/watchlist';
import { devicesHandlers } from './services/devices';
import { directoryHandlers } from './services/directory';
import { gateHandlers } from './services/gate';
import { passHandlers } from './services/passes';
import { reportHandlers } from './services/reports';
import { visitPassHandlers } from './services/visit-passes';
import { kioskHandlers } from './services/kiosk';
import { notifyHandlers } from './services/notify';
import { sessionHandlers } from './services/session';
import { settingsHandlers } from './services/settings';
import { stationHandlers } from './services/station';
import { syncHandlers } from './services/sync';
import { systemHandlers } from './services/system';
import { visitHandlers } from './services/visits';

export const handlers: Handlers = {
  ...systemHandlers,
  ...stationHandlers,
  ...sessionHandlers,
  ...settingsHandlers,
  ...auditHandlers,
  ...directoryHandlers,
  ...visitHandlers,
  ...deskHandlers,
  ...evacuationHandlers,
  ...incidentHandlers,
  ...watchlistHandlers,
  ...passHandlers,
  ...reportHandlers,
  ...visitPassHandlers,
  ...gateHandlers,
  ...kioskHandlers,
  ...devicesHandlers,
  ...syncHandlers,
  ...adminHandlers,
  ...notifyHandlers,
};
