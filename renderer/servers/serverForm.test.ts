import { describe, expect, it } from 'vitest';
import type { ServerView } from '../api';
import { emptyForm, fieldErrorsOf, formFromSshHost, formOf, portProblems, toServerInput } from './serverForm';

const VIEW: ServerView = {
  id: 'db',
  role: 'db',
  label: 'Base',
  host: '10.0.0.12',
  port: 2201,
  user: 'postgres',
  auth: { method: 'key', keyPath: '/home/a/.ssh/id' },
  jump: { host: 'gw', port: 22, user: 'j', auth: { method: 'agent' }, secretId: 'db-jump' },
  hasSecret: { password: false, passphrase: true },
};

describe('server form', () => {
  it("keeps a saved jump host's keychain id, so its stored secrets stay reachable", () => {
    const view = { ...VIEW, jump: { ...VIEW.jump!, secretId: 'bastion' } };
    expect(toServerInput(formOf(view)).jump?.secretId).toBe('bastion');
    expect(toServerInput({ ...formOf(VIEW), useJump: true, jumpSecretId: '' }).jump?.secretId).toBe(
      'db-jump',
    );
  });

  it('round-trips a saved server', () => {
    expect(toServerInput(formOf(VIEW))).toEqual({
      id: VIEW.id,
      role: VIEW.role,
      label: VIEW.label,
      host: VIEW.host,
      port: VIEW.port,
      user: VIEW.user,
      auth: VIEW.auth,
      jump: VIEW.jump,
    });
  });

  it('trims text, keeps a non-numeric port as NaN for the backend to name, and drops keyPath for the agent', () => {
    const form = { ...emptyForm('app', 'App'), host: ' h ', port: '22a', user: 'ops ', keyPath: '/k' };
    const input = toServerInput(form);
    expect(input).toMatchObject({ id: 'app', host: 'h', user: 'ops', auth: { method: 'agent' } });
    expect(input.port).toBeNaN();
    expect(input.jump).toBeUndefined();
  });

  it('fills the form from a ~/.ssh/config host, key file meaning key auth', () => {
    const form = formFromSshHost(
      {
        alias: 'oc-web',
        host: '10.0.0.13',
        port: 22,
        user: 'www',
        identityFile: '/home/a/.ssh/web',
        jump: { alias: 'gw', host: 'gw.example', port: 2222 },
        line: 4,
        warnings: [],
      },
      emptyForm('web', ''),
    );
    expect(form).toMatchObject({
      label: 'oc-web',
      host: '10.0.0.13',
      user: 'www',
      auth: 'key',
      keyPath: '/home/a/.ssh/web',
      useJump: true,
      jumpHost: 'gw.example',
      jumpPort: '2222',
      jumpUser: '',
      jumpAuth: 'agent',
    });
  });

  it('puts the backend field errors beside their fields', () => {
    const { fields, other } = fieldErrorsOf(
      'Invalid input for upsertServer: server.port: Invalid input: expected number, received NaN; ' +
        'server.auth.keyPath: must not be empty; server.jump.user: must be a Unix user name; server.nope: odd; x; y',
    );
    expect(fields).toEqual({
      port: 'Invalid input: expected number, received NaN',
      keyPath: 'must not be empty',
      jumpUser: 'must be a Unix user name',
    });
    expect(other).toEqual(['server.nope: odd; x; y']);
  });
});

describe('portProblems', () => {
  it('names each port that is not a whole number from 1 to 65535, the jump host’s only when used', () => {
    const form = { ...emptyForm('app', 'App'), port: '99999', jumpPort: '0' };
    expect(portProblems(form)).toEqual(['port']);
    expect(portProblems({ ...form, useJump: true })).toEqual(['port', 'jumpPort']);
    for (const port of ['22', ' 2222 ', '65535', '1']) expect(portProblems({ ...form, port })).toEqual([]);
    for (const port of ['', '0', '65536', '22.5', '-1', 'ssh'])
      expect(portProblems({ ...form, port })).toEqual(['port']);
  });
});
