// The Content-Security-Policy of the station UI (the strict one of src/shared/csp.ts, widened), sent by the web host and by the Electron app://
// protocol: only our own scripts, no plugins, no framing, camera streams and photos as blob:/data:.
// 'wasm-unsafe-eval' lets the page compile WebAssembly (the camera's QR decoder, served by the station
// itself); it allows no JavaScript eval, which stays refused.
import { contentSecurityPolicy } from '../shared/csp';

export const CONTENT_SECURITY_POLICY = contentSecurityPolicy({
  'script-src': "'self' 'wasm-unsafe-eval'",
  'style-src': "'self' 'unsafe-inline'",
  'img-src': "'self' data: blob:",
  'media-src': "'self' blob: mediastream:",
  'font-src': "'self' data:",
});
