import { describe, expect, it } from 'vitest';
import { focusMoveFor, type KeyStroke } from './focusKeys';

const key = (key: string, modifiers: Partial<KeyStroke> = {}): KeyStroke => ({
  key,
  shiftKey: false,
  ctrlKey: false,
  altKey: false,
  metaKey: false,
  ...modifiers,
});

describe('focusMoveFor', () => {
  it('lets Tab pass through the terminal until something was typed, then leaves it to the shell', () => {
    expect(focusMoveFor(key('Tab'), false)).toBe('next');
    expect(focusMoveFor(key('Tab'), true)).toBeUndefined();
  });

  it('always leaves on Shift+Tab (backwards) and F6 / Shift+F6', () => {
    expect(focusMoveFor(key('Tab', { shiftKey: true }), true)).toBe('previous');
    expect(focusMoveFor(key('F6'), true)).toBe('next');
    expect(focusMoveFor(key('F6', { shiftKey: true }), false)).toBe('previous');
  });

  it('keeps every other key, and modified Tabs, for the remote program', () => {
    for (const stroke of [
      key('Escape'),
      key('a'),
      key('Tab', { ctrlKey: true }),
      key('F6', { altKey: true }),
    ])
      expect(focusMoveFor(stroke, false)).toBeUndefined();
  });
});
