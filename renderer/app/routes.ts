/**
 * Hash routing: `#/procedures`, `#/procedures/deploy`, `#/procedures/deploy#collectstatic` (the second `#`
 * names a step or a heading to jump to), `#/servers`, `#/history`. The hash survives reloads, works from
 * file:// in Electron, and needs no server routes in browser mode.
 *
 * Browser mode opens `/#token=…` first: that fragment belongs to the api client, so anything that is not a
 * route (does not start with "#/") is read as the library.
 */
export type Route =
  | { view: 'procedures' }
  | { view: 'runbook'; runbookId: string; anchor?: string }
  | { view: 'servers' }
  | { view: 'history' }
  // A recorded run in the history (helper I1): steps, journal check, replay, export, resume.
  | { view: 'run-record'; runId: string }
  // The guided run (helper I2): its form, a live run, an ad-hoc terminal on a server.
  | { view: 'run-form'; runbookId: string }
  | { view: 'run'; runId: string }
  | { view: 'terminal'; serverId: string }
  | { view: 'not-found'; path: string };

export function parseRoute(hash: string): Route {
  if (!hash.startsWith('#/')) return { view: 'procedures' };
  const rest = hash.slice(2);
  const anchorAt = rest.indexOf('#');
  const path = anchorAt >= 0 ? rest.slice(0, anchorAt) : rest;
  const anchor = anchorAt >= 0 ? safeDecode(rest.slice(anchorAt + 1)) : undefined;
  const parts = path.split('/').filter(Boolean).map(safeDecode);
  const [head, id, ...extra] = parts;
  if (head === undefined || (head === 'procedures' && id === undefined)) return { view: 'procedures' };
  if (head === 'procedures' && id !== undefined && extra.length === 0) {
    return anchor ? { view: 'runbook', runbookId: id, anchor } : { view: 'runbook', runbookId: id };
  }
  if (head === 'procedures' && id !== undefined && extra.length === 1 && extra[0] === 'run')
    return { view: 'run-form', runbookId: id };
  if (head === 'runs' && id !== undefined && extra.length === 0) return { view: 'run', runId: id };
  if (head === 'terminal' && id !== undefined && extra.length === 0)
    return { view: 'terminal', serverId: id };
  if (head === 'servers' && parts.length === 1) return { view: 'servers' };
  if (head === 'history' && parts.length === 1) return { view: 'history' };
  if (head === 'history' && id !== undefined && extra.length === 0) return { view: 'run-record', runId: id };
  return { view: 'not-found', path };
}

export function formatRoute(route: Route): string {
  switch (route.view) {
    case 'procedures':
      return '#/procedures';
    case 'runbook':
      return `#/procedures/${encodeURIComponent(route.runbookId)}${route.anchor ? `#${encodeURIComponent(route.anchor)}` : ''}`;
    case 'servers':
      return '#/servers';
    case 'history':
      return '#/history';
    case 'run-record':
      return `#/history/${encodeURIComponent(route.runId)}`;
    case 'run-form':
      return `#/procedures/${encodeURIComponent(route.runbookId)}/run`;
    case 'run':
      return `#/runs/${encodeURIComponent(route.runId)}`;
    case 'terminal':
      return `#/terminal/${encodeURIComponent(route.serverId)}`;
    case 'not-found':
      return `#/${route.path}`;
  }
}

/** Which sidebar entry is current for a route. */
export function sectionOf(route: Route): 'procedures' | 'servers' | 'history' | undefined {
  if (
    route.view === 'runbook' ||
    route.view === 'procedures' ||
    route.view === 'run-form' ||
    route.view === 'run'
  )
    return 'procedures';
  if (route.view === 'terminal') return 'servers';
  if (route.view === 'servers' || route.view === 'history') return route.view;
  if (route.view === 'run-record') return 'history';
  return undefined;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
