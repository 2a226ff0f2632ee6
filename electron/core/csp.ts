/**
 * The renderer's Content-Security-Policy, sent as an HTTP header by the Electron main process and by the
 * browser-mode host, and repeated in renderer/index.html's <meta> (keep the three identical; a unit test
 * compares them). No 'unsafe-eval', no inline scripts; inline styles only because React sets style attributes.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // The browser-mode api socket lives in a dedicated worker of our own (renderer/api/worker-socket.ts).
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self' ws://127.0.0.1:*",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');
