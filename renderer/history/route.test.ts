import { describe, expect, it } from 'vitest';
import { formatRoute, parseRoute, sectionOf } from '../app/routes';

describe('run record route', () => {
  it('round-trips #/history/<runId> and keeps the History entry current', () => {
    const route = { view: 'run-record', runId: '2026-11-25T10-00-00Z-deploy-ab12' } as const;
    expect(formatRoute(route)).toBe('#/history/2026-11-25T10-00-00Z-deploy-ab12');
    expect(parseRoute(formatRoute(route))).toEqual(route);
    expect(sectionOf(route)).toBe('history');
    expect(parseRoute('#/history/a/b')).toEqual({ view: 'not-found', path: 'history/a/b' });
  });
});
