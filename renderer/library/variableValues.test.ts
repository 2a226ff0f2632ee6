import { describe, expect, it } from 'vitest';
import type { VariableSpec } from '../api';
import { checkValue, previewValues } from './variableValues';

const pos = { file: 'x.md', line: 1, col: 1 };
const dbName: VariableSpec = {
  name: 'db_name',
  label: 'Base',
  pattern: '^[a-z_][a-z0-9_]*$',
  secret: false,
  pos,
};
const password: VariableSpec = { name: 'db_password', label: 'Mot de passe', secret: true, pos };
const free: VariableSpec = { name: 'note', label: 'Note', secret: false, pos };

describe('variable preview values', () => {
  it('checks values against the pattern, accepting the empty value', () => {
    expect(checkValue(dbName, 'ocpizzas')).toEqual({ ok: true });
    expect(checkValue(dbName, 'oc pizzas; rm -rf /')).toEqual({ ok: false, pattern: dbName.pattern });
    expect(checkValue(dbName, '')).toEqual({ ok: true });
    expect(checkValue({ ...dbName, pattern: '(' }, 'x')).toEqual({ ok: true });
  });

  it('anchors the pattern like the binder: a value that only contains a match is refused', () => {
    const unanchored = { ...dbName, pattern: '[a-z_]+' };
    expect(checkValue(unanchored, 'ocpizzas')).toEqual({ ok: true });
    expect(checkValue(unanchored, 'oc pizzas; rm -rf /')).toEqual({ ok: false, pattern: '[a-z_]+' });
    expect(previewValues([unanchored], { db_name: 'x; reboot' })).toEqual({});
  });

  it('keeps only valid, non-secret values for the preview', () => {
    expect(
      previewValues([dbName, password, free], { db_name: 'Bad Name', db_password: 'hunter2', note: 'hello' }),
    ).toEqual({ note: 'hello' });
    expect(previewValues([dbName], { db_name: 'shop' })).toEqual({ db_name: 'shop' });
  });
});
