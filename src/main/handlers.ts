// Every API method's handler, by method name. The type makes the compiler refuse a method declared in
// src/shared/api without a handler here.
import type { Handlers } from './context';
import { auditHandlers } from './services/audit';
import { devicesHandlers } from './services/devices';
import { directoryHandlers } from './services/directory';
import { gateHandlers } from './services/gate';
import { passHandlers } from './services/passes';
import { kioskHandlers } from './services/kiosk';
import { sessionHandlers } from './services/session';
import { settingsHandlers } from './services/settings';
import { stationHandlers } from './services/station';
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
  ...passHandlers,
  ...gateHandlers,
  ...kioskHandlers,
  ...devicesHandlers,
};
