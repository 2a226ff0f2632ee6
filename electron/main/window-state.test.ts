import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_STATE, restoreWindowState } from './window-state';

const laptop = { x: 0, y: 0, width: 1920, height: 1080 };
const rightMonitor = { x: 1920, y: 0, width: 2560, height: 1440 };

describe('restoreWindowState', () => {
  it('restores size and position on a visible display', () => {
    expect(
      restoreWindowState({ x: 2000, y: 100, width: 1400, height: 900, maximized: true }, [
        laptop,
        rightMonitor,
      ]),
    ).toEqual({
      x: 2000,
      y: 100,
      width: 1400,
      height: 900,
      maximized: true,
    });
  });

  it('drops the position when that display is gone (unplugged monitor), keeping the size', () => {
    expect(restoreWindowState({ x: 2000, y: 100, width: 1400, height: 900 }, [laptop])).toEqual({
      width: 1400,
      height: 900,
      maximized: false,
    });
  });

  it('drops a position with the title bar above the screen', () => {
    expect(restoreWindowState({ x: 100, y: -500, width: 1000, height: 800 }, [laptop])).not.toHaveProperty(
      'x',
    );
  });

  it('falls back to the defaults for garbage, and enforces a minimum size', () => {
    expect(restoreWindowState('nonsense', [laptop])).toEqual(DEFAULT_WINDOW_STATE);
    expect(restoreWindowState({ width: 'big' }, [laptop])).toEqual(DEFAULT_WINDOW_STATE);
    expect(restoreWindowState({ width: 10, height: 10 }, [laptop])).toMatchObject({
      width: 800,
      height: 560,
    });
  });
});
