import { describe, expect, it } from 'vitest';
import { formatRoute, parseRoute, sectionOf } from './routes';

describe('hash routes', () => {
  it('reads the library, a runbook and a step anchor', () => {
    expect(parseRoute('')).toEqual({ view: 'procedures' });
    expect(parseRoute('#/procedures')).toEqual({ view: 'procedures' });
    expect(parseRoute('#/procedures/deploy')).toEqual({ view: 'runbook', runbookId: 'deploy' });
    expect(parseRoute('#/procedures/deploy#collectstatic')).toEqual({
      view: 'runbook',
      runbookId: 'deploy',
      anchor: 'collectstatic',
    });
  });

  it('treats the browser-mode token fragment as the library, not as a route', () => {
    expect(parseRoute('#token=abc123')).toEqual({ view: 'procedures' });
  });

  it('names unknown paths instead of guessing', () => {
    expect(parseRoute('#/nowhere')).toEqual({ view: 'not-found', path: 'nowhere' });
    expect(parseRoute('#/procedures/a/b')).toEqual({ view: 'not-found', path: 'procedures/a/b' });
  });

  it('round-trips through formatRoute, encoding odd characters', () => {
    const route = { view: 'runbook', runbookId: 'mise à jour', anchor: '3-2-création' } as const;
    expect(parseRoute(formatRoute(route))).toEqual(route);
    expect(formatRoute({ view: 'servers' })).toBe('#/servers');
    expect(sectionOf(parseRoute('#/procedures/deploy'))).toBe('procedures');
    expect(sectionOf(parseRoute('#/history'))).toBe('history');
  });
});
