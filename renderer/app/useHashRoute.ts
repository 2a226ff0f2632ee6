import { useCallback, useEffect, useState } from 'react';
import { formatRoute, parseRoute, type Route } from './routes';

export interface RouteState {
  route: Route;
  /** Bumped on every navigation, even to the current hash, so a repeated jump scrolls again. */
  visit: number;
}

/** The current hash route, and a navigate() that also works when the target equals the current hash. */
export function useHashRoute(): [RouteState, (route: Route) => void] {
  const [state, setState] = useState<RouteState>(() => ({
    route: parseRoute(window.location.hash),
    visit: 0,
  }));

  useEffect(() => {
    const onHashChange = () =>
      setState((s) => ({ route: parseRoute(window.location.hash), visit: s.visit + 1 }));
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);

  const navigate = useCallback((route: Route) => {
    const hash = formatRoute(route);
    if (window.location.hash === hash) setState((s) => ({ route, visit: s.visit + 1 }));
    else window.location.hash = hash;
  }, []);

  return [state, navigate];
}
