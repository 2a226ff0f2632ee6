import { describe, expect, it } from 'vitest';
import {
  initialSearchNav,
  keyToAction,
  searchNav,
  type SearchNavAction,
  type SearchNavState,
} from './searchNav';

const run = (state: SearchNavState, ...actions: SearchNavAction[]) => actions.reduce(searchNav, state);

describe('search keyboard navigation', () => {
  it('opens on results with the first hit active, so Enter opens the best match', () => {
    expect(run(initialSearchNav, { type: 'results', count: 3 })).toEqual({ open: true, count: 3, active: 0 });
    expect(run(initialSearchNav, { type: 'results', count: 0 })).toEqual({
      open: true,
      count: 0,
      active: -1,
    });
  });

  it('moves with the arrows and wraps around both ends', () => {
    const s = run(initialSearchNav, { type: 'results', count: 3 });
    expect(run(s, { type: 'next' }).active).toBe(1);
    expect(run(s, { type: 'next' }, { type: 'next' }, { type: 'next' }).active).toBe(0);
    expect(run(s, { type: 'previous' }).active).toBe(2);
    expect(run(s, { type: 'last' }, { type: 'first' }).active).toBe(0);
  });

  it('keeps the active index inside the list when there is nothing to choose', () => {
    const s = run(initialSearchNav, { type: 'results', count: 0 });
    expect(run(s, { type: 'next' }).active).toBe(-1);
    expect(run(s, { type: 'previous' }).active).toBe(-1);
    expect(run(s, { type: 'hover', index: 4 })).toBe(s);
  });

  it('reopens a closed list with the arrows, and Escape closes only an open list', () => {
    const closed = run(initialSearchNav, { type: 'results', count: 2 }, { type: 'close' });
    expect(closed.open).toBe(false);
    expect(run(closed, { type: 'next' })).toEqual({ open: true, count: 2, active: 0 });
    expect(run(closed, { type: 'previous' })).toEqual({ open: true, count: 2, active: 1 });
    expect(keyToAction('Escape', closed)).toBeUndefined();
    expect(keyToAction('Escape', { ...closed, open: true })).toEqual({ type: 'close' });
    expect(keyToAction('a', closed)).toBeUndefined();
  });
});
