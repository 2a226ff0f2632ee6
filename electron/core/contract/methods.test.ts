import { describe, expect, it } from 'vitest';
import { methods, validateInput } from './methods';
import { ApiError, EVENT_NAMES, METHOD_NAMES, eventChannel, methodChannel } from './names';

describe('contract', () => {
  it('has one schema per method and distinct derived channels', () => {
    expect(Object.keys(methods).sort()).toEqual([...METHOD_NAMES].sort());
    const channels = [...METHOD_NAMES.map(methodChannel), ...EVENT_NAMES.map(eventChannel)];
    expect(new Set(channels).size).toBe(channels.length);
  });

  it('accepts nothing, null or {} for methods without input, and nothing more', () => {
    expect(validateInput('listRunbooks', undefined)).toBeUndefined();
    expect(validateInput('listRunbooks', null)).toBeUndefined();
    expect(validateInput('listRunbooks', {})).toBeUndefined();
    expect(() => validateInput('listRunbooks', { all: true })).toThrow(ApiError);
  });

  it('names the offending field, nested ones by their path', () => {
    expect(() => validateInput('getRunbook', {})).toThrow(/^Invalid input for getRunbook: id: /);
    expect(() => validateInput('resizeTerminal', { runId: 'r1', role: 'mail', cols: 80, rows: 24 })).toThrow(
      /role: /,
    );
    expect(() =>
      validateInput('upsertServer', {
        server: {
          id: 'app',
          role: 'app',
          label: 'A',
          host: 'h',
          port: 22,
          user: 'u',
          auth: { method: 'key' },
        },
      }),
    ).toThrow(/server\.auth\.keyPath: /);
    expect(() => validateInput('startRun', { runbookId: 'd', variables: { 'x y': 'v' } })).toThrow(
      /variables\.x y: /,
    );
  });

  it('refuses run ids that could leave the runs folder', () => {
    for (const runId of ['../etc', '.hidden', 'a/b', 'a\\b', '']) {
      expect(() => validateInput('getRun', { runId }), runId).toThrow(/runId: /);
    }
    expect(validateInput('getRun', { runId: '2026-11-25T12-30-00Z-deploy-ab12' })).toEqual({
      runId: '2026-11-25T12-30-00Z-deploy-ab12',
    });
  });

  it('rejects unknown methods with their own code', () => {
    expect(() => validateInput('eval', {})).toThrow(expect.objectContaining({ code: 'unknown-method' }));
  });
});
