import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  anchoredPattern,
  classifyReference,
  renderTemplate,
  scanTemplate,
  shellQuote,
  templateRefs,
} from './template';

describe('scanTemplate', () => {
  it('finds placeholders with optional spaces and filters, with their offsets', () => {
    const text = 'a {{x}} b {{ y | sh }} {{servers.app.host}}';
    expect(templateRefs(text).map((p) => [p.ref, p.filter, p.offset, p.length])).toEqual([
      ['x', undefined, 2, 5],
      ['y', 'sh', 10, 12],
      ['servers.app.host', undefined, 23, 20],
    ]);
  });

  it('turns \\{{ into a literal {{ and reports malformed placeholders', () => {
    expect(renderTemplate('echo \\{{ raw }} {{x}}', () => 'X')).toBe('echo {{ raw }} X');
    const { problems } = scanTemplate('a {{ b c }} d {{e\n}} {{f|upper}}');
    expect(problems.map((p) => [p.code, p.offset])).toEqual([
      ['bad-placeholder', 2],
      ['bad-placeholder', 14],
      ['unknown-filter', 21],
    ]);
  });
});

describe('classifyReference', () => {
  const vars = new Set(['db_name']);
  it('knows variables, server fields and built-ins', () => {
    expect(classifyReference('db_name', vars)).toEqual({ kind: 'variable', name: 'db_name' });
    expect(classifyReference('servers.db.port', vars)).toEqual({ kind: 'server', role: 'db', field: 'port' });
    expect(classifyReference('run.id', vars)).toEqual({ kind: 'builtin', name: 'run.id' });
  });
  it('rejects the rest with a message naming the reference', () => {
    for (const ref of ['nope', 'servers.mars.host', 'servers.app.password', 'servers.app', 'run.nope']) {
      const r = classifyReference(ref, vars);
      expect(r.kind).toBe('unknown');
      expect(r.kind === 'unknown' && r.message).toContain(ref);
    }
  });
});

describe('shellQuote', () => {
  it('round-trips any value through a real POSIX shell', () => {
    for (const value of ["it's", 'a b', '$(rm -rf /)', '`x` "y" \\z', "''", '', 'é\ttab']) {
      const out = execFileSync('sh', ['-c', `printf %s ${shellQuote(value)}`], { encoding: 'utf8' });
      expect(out).toBe(value);
    }
  });
});

describe('anchoredPattern', () => {
  it('matches the whole value even when the author did not anchor', () => {
    expect(anchoredPattern('[a-z]+').test('abc')).toBe(true);
    expect(anchoredPattern('[a-z]+').test('abc; rm -rf /')).toBe(false);
    expect(anchoredPattern('^a|b$').test('ab')).toBe(false);
    expect(() => anchoredPattern('([a-z')).toThrow(/Invalid regular expression/);
  });
});
