import { describe, expect, it } from 'vitest';
import { CliError, allowOnly, parseCli, parseVars } from './args';

describe('CLI arguments', () => {
  it('parses the command, its positionals and repeated --var', () => {
    const cli = parseCli(['--data-dir', '/d', 'run', 'deploy', '--var', 'a=1', '--var', 'b=x=y', '--yes']);
    expect(cli.command).toBe('run');
    expect(cli.positionals).toEqual(['deploy']);
    expect(cli.values['data-dir']).toBe('/d');
    expect(parseVars(cli.values.var)).toEqual({ a: '1', b: 'x=y' });
  });

  it('refuses a malformed or repeated --var with exit 2', () => {
    expect(() => parseVars(['novalue'])).toThrow(CliError);
    expect(() => parseVars(['=x'])).toThrow(/expected name=value/);
    expect(() => parseVars(['a=1', 'a=2'])).toThrow(/twice/);
    try {
      parseVars(['bad']);
    } catch (error) {
      expect((error as CliError).exitCode).toBe(2);
    }
  });

  it('refuses unknown options, and options the command does not take', () => {
    expect(() => parseCli(['list', '--nope'])).toThrow(CliError);
    expect(() => allowOnly(parseCli(['history', '--yes']), ['json'])).toThrow(/does not take --yes/);
    expect(() => allowOnly(parseCli(['history', '--json', '--data-dir', 'x']), ['json'])).not.toThrow();
  });
});
