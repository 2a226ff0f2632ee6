import { describe, expect, it } from 'vitest';
import { parseSshConfig } from './ssh-config';

const HOME = '/home/alice';

describe('parseSshConfig', () => {
  it('reads Host blocks with HostName, Port, User, IdentityFile and ProxyJump', () => {
    const { hosts, notes } = parseSshConfig(
      [
        '# oc-pizzas',
        'Host bastion',
        '  HostName bastion.oc-pizzas.example',
        '  User jump',
        '  Port 2222',
        '',
        'Host oc-app',
        '  HostName 10.0.0.11',
        '  User deploy',
        '  IdentityFile ~/.ssh/oc_ed25519',
        '  ProxyJump bastion',
      ].join('\n'),
      { home: HOME },
    );
    expect(notes).toEqual([]);
    expect(hosts.map((h) => h.alias)).toEqual(['bastion', 'oc-app']);
    expect(hosts[1]).toEqual({
      alias: 'oc-app',
      host: '10.0.0.11',
      port: 22,
      user: 'deploy',
      identityFile: '/home/alice/.ssh/oc_ed25519',
      jump: { alias: 'bastion', host: 'bastion.oc-pizzas.example', port: 2222, user: 'jump' },
      line: 7,
      warnings: [],
    });
  });

  it('never offers wildcard or negated patterns, but applies them as defaults (first value wins)', () => {
    const { hosts } = parseSshConfig(
      [
        'Host db web',
        '  User postgres',
        'Host *.internal !nothere',
        '  Port 2200',
        'Host *',
        '  User nobody',
        '  Port 22',
        '  IdentityFile %d/.ssh/id_%n',
      ].join('\n'),
      { home: HOME },
    );
    expect(hosts.map((h) => h.alias)).toEqual(['db', 'web']);
    expect(hosts[0]).toMatchObject({
      host: 'db',
      user: 'postgres',
      port: 22,
      identityFile: '/home/alice/.ssh/id_db',
    });
  });

  it('accepts Key=value, case-insensitive keywords and quoted values', () => {
    const { hosts } = parseSshConfig(
      ['HOST="oc web"', 'hostname=203.0.113.5', 'PORT = 2022', 'identityfile "/keys/my key"'].join('\n'),
      { home: HOME },
    );
    expect(hosts).toHaveLength(1);
    expect(hosts[0]).toMatchObject({
      alias: 'oc web',
      host: '203.0.113.5',
      port: 2022,
      identityFile: '/keys/my key',
    });
  });

  it('parses user@host:port jumps, keeps only the first hop and says so', () => {
    const { hosts } = parseSshConfig(
      ['Host backup', '  HostName 10.0.0.40', '  ProxyJump ops@gw.example:2201,second.example'].join('\n'),
      { home: HOME },
    );
    expect(hosts[0]!.jump).toEqual({
      alias: 'ops@gw.example:2201',
      host: 'gw.example',
      port: 2201,
      user: 'ops',
    });
    expect(hosts[0]!.warnings).toEqual([expect.stringContaining('2 hops')]);
  });

  it('treats ProxyJump none and IdentityFile none as absent', () => {
    const { hosts } = parseSshConfig(['Host a', '  ProxyJump none', '  IdentityFile none'].join('\n'), {
      home: HOME,
    });
    expect(hosts[0]).toEqual({ alias: 'a', host: 'a', port: 22, line: 1, warnings: [] });
  });

  it('reports Match, Include and malformed lines with their line numbers and skips Match options', () => {
    const { hosts, notes } = parseSshConfig(
      ['Include config.d/*', 'Host a', '  User one', 'Match host a', '  User two', '!!!'].join('\n'),
      { home: HOME },
    );
    expect(hosts[0]).toMatchObject({ alias: 'a', user: 'one' });
    expect(notes).toEqual([
      expect.stringMatching(/^line 1: Include/),
      expect.stringMatching(/^line 4: Match/),
      expect.stringMatching(/^line 6: /),
    ]);
  });

  it('keeps a bad port out and warns instead of failing', () => {
    const { hosts } = parseSshConfig(['Host a', '  Port ssh'].join('\n'), { home: HOME });
    expect(hosts[0]!.port).toBe(22);
    expect(hosts[0]!.warnings[0]).toMatch(/Port "ssh"/);
  });

  it('offers each alias once, from its first Host line', () => {
    const { hosts } = parseSshConfig(['Host a', '  User x', 'Host a b', '  User y'].join('\n'), {
      home: HOME,
    });
    expect(hosts.map((h) => [h.alias, h.user, h.line])).toEqual([
      ['a', 'x', 1],
      ['b', 'y', 3],
    ]);
  });
});
