/**
 * Keyboard state of the search box (combobox + listbox pattern): which result is active and whether the
 * list is open. Pure reducer; the component maps keys to actions and opens the active hit on Enter.
 */
export interface SearchNavState {
  open: boolean;
  /** Index of the active result, -1 when none. */
  active: number;
  count: number;
}

export type SearchNavAction =
  | { type: 'results'; count: number }
  | { type: 'next' }
  | { type: 'previous' }
  | { type: 'first' }
  | { type: 'last' }
  | { type: 'hover'; index: number }
  | { type: 'open' }
  | { type: 'close' };

export const initialSearchNav: SearchNavState = { open: false, active: -1, count: 0 };

export function searchNav(state: SearchNavState, action: SearchNavAction): SearchNavState {
  switch (action.type) {
    case 'results':
      // New results: the first one is active, so Enter right after typing opens the best hit.
      return { open: true, count: action.count, active: action.count > 0 ? 0 : -1 };
    case 'next':
      if (!state.open) return { ...state, open: true, active: state.count > 0 ? 0 : -1 };
      return { ...state, active: state.count === 0 ? -1 : (state.active + 1) % state.count };
    case 'previous':
      if (!state.open) return { ...state, open: true, active: state.count - 1 };
      return {
        ...state,
        active: state.count === 0 ? -1 : state.active <= 0 ? state.count - 1 : state.active - 1,
      };
    case 'first':
      return state.open ? { ...state, active: state.count > 0 ? 0 : -1 } : state;
    case 'last':
      return state.open ? { ...state, active: state.count - 1 } : state;
    case 'hover':
      return action.index >= 0 && action.index < state.count ? { ...state, active: action.index } : state;
    case 'open':
      return { ...state, open: true };
    case 'close':
      return { ...state, open: false };
  }
}

/** The action a key press in the search box stands for; undefined lets the key do its usual job. */
export function keyToAction(key: string, state: SearchNavState): SearchNavAction | undefined {
  switch (key) {
    case 'ArrowDown':
      return { type: 'next' };
    case 'ArrowUp':
      return { type: 'previous' };
    case 'PageUp':
      return state.open ? { type: 'first' } : undefined;
    case 'PageDown':
      return state.open ? { type: 'last' } : undefined;
    case 'Escape':
      return state.open ? { type: 'close' } : undefined;
    default:
      return undefined;
  }
}
