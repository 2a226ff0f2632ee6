/**
 * Sizes that both ends of a transport must agree on. Pure constants: the renderer imports them too, so it
 * never builds a message the host would refuse.
 */

/**
 * The largest WebSocket message the browser-mode host reads (electron/web/host.ts). A frame announcing more
 * is refused from its header, before its payload is buffered, and only that socket is closed (1009).
 * Requests are small (the largest, writeTerminal, is bounded below); terminal output goes the other way.
 */
export const WS_MAX_MESSAGE_BYTES = 1024 * 1024;

/**
 * The most characters one writeTerminal call carries. A paste is split into pieces of at most this many
 * (renderer/terminal/terminalInput.ts). Even JSON-escaped at its worst (6 bytes a UTF-16 unit, "\u0001")
 * a piece stays well under WS_MAX_MESSAGE_BYTES.
 */
export const TERMINAL_WRITE_MAX_CHARS = 65536;
