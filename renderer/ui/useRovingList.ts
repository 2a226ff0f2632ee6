import { useCallback, type KeyboardEvent } from 'react';
import { rovingTarget } from './focus';

/**
 * Arrow keys (and Home/End) move focus between the items of a list marked `data-roving-item`; Tab leaves
 * the list as usual and Enter activates the focused link. Returns the onKeyDown for the list's container.
 */
export function useRovingList<E extends HTMLElement>() {
  return useCallback((event: KeyboardEvent<E>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const items = [...event.currentTarget.querySelectorAll<HTMLElement>('[data-roving-item]')];
    const current = items.indexOf(document.activeElement as HTMLElement);
    const target = rovingTarget(event.key, current, items.length);
    if (target === undefined) return;
    event.preventDefault();
    items[target]?.focus();
  }, []);
}
