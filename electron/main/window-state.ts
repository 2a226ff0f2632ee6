import type { BrowserWindow, Rectangle } from 'electron';

export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 840, maximized: false };
const MIN_WIDTH = 800;
const MIN_HEIGHT = 560;
/** How much of the window (its title bar) must lie on a display for the saved position to be used. */
const MIN_VISIBLE = { width: 120, height: 40 };

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function overlap(a: Rectangle, b: Rectangle): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/**
 * The state to open the window with: the saved one when it is sane, with its position only when enough
 * of the window lands on one of today's displays (an unplugged monitor must not hide the app).
 */
export function restoreWindowState(saved: unknown, workAreas: Rectangle[]): WindowState {
  if (typeof saved !== 'object' || saved === null) return { ...DEFAULT_WINDOW_STATE };
  const s = saved as Record<string, unknown>;
  if (!isNumber(s.width) || !isNumber(s.height)) return { ...DEFAULT_WINDOW_STATE };
  const state: WindowState = {
    width: Math.max(MIN_WIDTH, Math.round(s.width)),
    height: Math.max(MIN_HEIGHT, Math.round(s.height)),
    maximized: s.maximized === true,
  };
  if (isNumber(s.x) && isNumber(s.y)) {
    const rect = { x: Math.round(s.x), y: Math.round(s.y), width: state.width, height: state.height };
    const visible = workAreas.some((area) => {
      const o = overlap(rect, area);
      return o.width >= MIN_VISIBLE.width && o.height >= MIN_VISIBLE.height && rect.y >= area.y;
    });
    if (visible) Object.assign(state, { x: rect.x, y: rect.y });
  }
  return state;
}

export interface StateStore {
  get(key: 'window'): unknown;
  set(key: 'window', value: WindowState): void;
}

/** Saves size and position when the window closes (the normal bounds, also when it is maximized). */
export function trackWindowState(window: BrowserWindow, store: StateStore): void {
  window.on('close', () => {
    const bounds = window.getNormalBounds();
    store.set('window', { ...bounds, maximized: window.isMaximized() });
  });
}

export const WINDOW_MIN_SIZE = { minWidth: MIN_WIDTH, minHeight: MIN_HEIGHT };
