/** The socket the browser-mode page opens to its host (index.ts picks the transport). */
import { WorkerSocket, type WorkerLike } from './worker-socket';
import type { ApiSocket } from './ws-client';

let workersFailed = false;

/**
 * The page's api socket: in a worker when the page can start one (worker-socket.ts says why), else a
 * WebSocket of its own. After a worker failed once (a policy forbids it, say), later sockets are opened
 * directly.
 */
export function openApiSocket(url: string, protocols: string[]): ApiSocket {
  if (typeof Worker === 'function' && !workersFailed) {
    try {
      const worker = new Worker(new URL('./socket-worker.ts', import.meta.url), {
        type: 'module',
        name: 'api-socket',
      });
      return new WorkerSocket(worker as unknown as WorkerLike, url, protocols, () => (workersFailed = true));
    } catch {
      workersFailed = true;
    }
  }
  return openDirectSocket(url, protocols);
}

/** A WebSocket owned by the page itself. */
function openDirectSocket(url: string, protocols: string[]): ApiSocket {
  const socket = new WebSocket(url, protocols);
  socket.binaryType = 'arraybuffer'; // terminal output: its bytes go to xterm.js as they are
  // A WebSocket is an ApiSocket; only its handler signatures are wider (they also get an event argument).
  return socket as unknown as ApiSocket;
}
