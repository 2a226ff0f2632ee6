/// <reference lib="webworker" />
/**
 * The dedicated worker that owns the browser-mode api socket (worker-socket.ts says why). Built by Vite as
 * its own script, loaded same-origin (CSP worker-src 'self').
 */
import { relayWebSocket, type RelayPort, type RelaySocketConstructor } from './socket-relay';

declare const self: DedicatedWorkerGlobalScope;

relayWebSocket(self as unknown as RelayPort, WebSocket as unknown as RelaySocketConstructor);
