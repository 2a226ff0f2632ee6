import { describe, expect, it } from 'vitest';
import type { VariableSpec } from '../api';
// A test, never bundled: it holds the renderer's copy of the pattern rule against the binder's own.
// eslint-disable-next-line no-restricted-imports
import { anchoredPattern } from '../../electron/core/runbook/template';
import { anchored, checkParam, checkParams, runVariables } from './paramValidation';

const pos = { file: 'x.md', line: 1, col: 1 };
const spec = (fields: Partial<VariableSpec> & { name: string }): VariableSpec => ({
  label: fields.name,
  secret: false,
  pos,
  ...fields,
});
const none = { storedSecrets: new Set<string>() };

describe('checkParam', () => {
  it('anchors the pattern like the binder: a partial match is not enough', () => {
    const db = spec({ name: 'db', pattern: '[a-z_]+' });
    expect(checkParam(db, 'ocpizzas', none)).toBeUndefined();
    expect(checkParam(db, 'oc pizzas; rm -rf /', none)).toEqual({ kind: 'pattern', pattern: '[a-z_]+' });
  });

  it('uses the default when the field is left empty, and requires a value when there is none', () => {
    expect(checkParam(spec({ name: 'a', default: 'x' }), '', none)).toBeUndefined();
    expect(checkParam(spec({ name: 'a' }), '', none)).toEqual({ kind: 'required' });
    expect(checkParam(spec({ name: 'a', default: 'BAD', pattern: '[a-z]+' }), undefined, none)?.kind).toBe(
      'pattern',
    );
  });

  it('lets a secret stay empty when the keychain has it or it can be generated', () => {
    const pw = spec({ name: 'pw', secret: true });
    expect(checkParam(pw, '', none)).toEqual({ kind: 'required' });
    expect(checkParam(pw, '', { storedSecrets: new Set(['pw']) })).toBeUndefined();
    expect(checkParam(spec({ name: 'pw', secret: true, generate: 32 }), '', none)).toBeUndefined();
  });

  it('refuses line breaks and secrets too short to be redacted', () => {
    expect(checkParam(spec({ name: 'a' }), 'x\ny', none)).toEqual({ kind: 'newline' });
    expect(checkParam(spec({ name: 'pw', secret: true }), 'abc', none)).toEqual({
      kind: 'too-short',
      min: 4,
    });
  });

  it('ignores a broken pattern (the linter reports it)', () => {
    expect(checkParam(spec({ name: 'a', pattern: '([' }), 'x', none)).toBeUndefined();
  });
});

describe('checkParams / runVariables', () => {
  it('lists the problems by name and sends typed values only', () => {
    const specs = [spec({ name: 'a', pattern: '\\d+' }), spec({ name: 'b', default: 'x' })];
    expect(checkParams(specs, { a: 'no' }, none)).toEqual({ a: { kind: 'pattern', pattern: '\\d+' } });
    expect(runVariables(specs, { a: '12', b: '' })).toEqual({ a: '12' });
  });
});

describe('anchored agrees with the binder (runbook/template.ts anchoredPattern)', () => {
  const binder = (pattern: string, value: string): boolean | 'broken' => {
    try {
      return anchoredPattern(pattern).test(value);
    } catch {
      return 'broken';
    }
  };
  const renderer = (pattern: string, value: string): boolean | 'broken' =>
    anchored(pattern)?.test(value) ?? 'broken';
  const cases: Array<[pattern: string, value: string]> = [
    ['^[a-z_][a-z0-9_]*$', 'ocpizzas'],
    ['^[a-z_][a-z0-9_]*$', 'oc pizzas'],
    ['[a-z]+', 'abc'],
    ['[a-z]+', 'abc; rm -rf /'],
    ['abc', 'xabcx'],
    ['a|b', 'a'],
    ['a|b', 'ab'],
    ['^a|b$', 'ba'],
    ['[0-7]{3,4}', '0640'],
    ['[0-7]{3,4}', '06400'],
    ['.*', 'line\nbreak'],
    ['[a-z\\-]+', 'a-b'],
    ['\\d+', '12'],
    ['é+', 'éé'],
    ['a)|(b', 'a'],
    ['(', 'x'],
    ['[', 'x'],
    ['', ''],
    ['', 'x'],
  ];
  it.each(cases)('pattern %j, value %j', (pattern, value) => {
    expect(renderer(pattern, value)).toBe(binder(pattern, value));
  });
});
