// The two IPC channel names, shared by the preload and the main process. No imports: the sandboxed
// preload bundle must stay free of anything but 'electron'.
export const CALL_CHANNEL = 'gatehouse:call';
export const EVENT_CHANNEL = 'gatehouse:event';
