// Every API method's handler, by method name. The type makes the compiler refuse a method declared in
// src/shared/api without a handler here.
import type { Handlers } from './core/context';
import { adminHandlers } from './admin/admin.api';
import { auditHandlers } from './audit/audit.api';
import { deskHandlers } from './desk/desk.api';
import { evacuationHandlers } from './evacuation/evacuation.api';
import { incidentHandlers } from './incidents/incidents.api';
import { watchlistHandlers } from './screening/watchlist.api';
import { devicesHandlers } from './hardware/devices.api';
import { directoryHandlers } from './directory/directory.api';
import { gateHandlers } from './gate/gate.api';
import { passHandlers } from './passes/passes.api';
import { reportHandlers } from './reports/reports.api';
import { kioskHandlers } from './kiosk/kiosk.api';
import { idDocumentHandlers } from './hardware/id-documents.api';
import { notifyHandlers } from './notify/notify.api';
import { privacyHandlers } from './privacy/privacy.api';
import { sessionHandlers } from './session/session.api';
import { settingsHandlers } from './setup/settings.api';
import { stationHandlers } from './setup/station.api';
import { syncHandlers } from './sync/sync.api';
import { systemHandlers } from './setup/system.api';
import { visitHandlers } from './visits/visits.api';

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
  ...gateHandlers,
  ...kioskHandlers,
  ...idDocumentHandlers,
  ...devicesHandlers,
  ...syncHandlers,
  ...adminHandlers,
  ...notifyHandlers,
  ...privacyHandlers,
};
