import { describe, expect, it } from 'vitest';
import { parseRunbook } from './parse';
import { controlCharacterProblem, pathTraversalProblem, pathVariables } from './values';

describe('variable value rules', () => {
  it('refuses line breaks, tabs, escapes, DEL and C1 controls unless multiline (then only \\t \\r \\n)', () => {
    for (const value of ['a\nb', 'a\rb', 'a\tb', 'a\u001b[2Jb', 'a\u007fb', 'a\u009bb', 'a\0b'])
      expect(controlCharacterProblem(value, false), JSON.stringify(value)).toBeDefined();
    expect(controlCharacterProblem('ok\ntouch /tmp/x', false)).toMatch(/line break.*multiline: true/);
    expect(controlCharacterProblem('l1\r\nl2\tx', true)).toBeUndefined();
    expect(controlCharacterProblem('l1\n\u001b[31m', true)).toMatch(/U\+001B/);
    expect(controlCharacterProblem('é ü — ok', false)).toBeUndefined();
  });

  it('refuses a ".." segment only', () => {
    for (const value of ['..', '../etc', '/srv/../etc', '/srv/app/..', 'a/../b'])
      expect(pathTraversalProblem(value), value).toBeDefined();
    for (const value of ['/srv/app', '/srv/a..b/..c', './x', '/srv/.hidden'])
      expect(pathTraversalProblem(value), value).toBeUndefined();
  });

  it('counts as paths: path: true, the variables of a file attribute, an absolute default or example', () => {
    const src =
      '---\nid: p\ntitle: P\nservers: [app]\nvariables:\n' +
      '  declared: { label: A, path: true }\n  in_file: { label: B }\n  by_default: { label: C, default: /srv/x }\n' +
      '  by_example: { label: D, example: ~/x }\n  plain: { label: E, default: x/y }\n---\n' +
      '```ini {"name":"f","target":"app","file":"/etc/{{in_file}}.conf"}\n{{declared}} {{by_default}} {{by_example}} {{plain}}\n```\n';
    const rb = parseRunbook(src, 'p.md').runbook!;
    expect([...pathVariables(rb)].sort()).toEqual(['by_default', 'by_example', 'declared', 'in_file']);
  });
});
