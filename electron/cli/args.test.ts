import { describe, expect, it } from 'vitest';
import { CliError, allowOnly, parseCli, parseStepList, parseVars, stepSelectionOf } from './args';

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

  it('parses --only as comma-separated and repeatable step names, and --to as one step', () => {
    const cli = parseCli(['run', 'deploy', '--only', 'a, b', '--only', 'c', '--to', 'c']);
    expect(parseStepList(cli.values.only)).toEqual(['a', 'b', 'c']);
    expect(cli.values.to).toBe('c');
    expect(parseStepList(undefined)).toBeUndefined();
    expect(() => parseCli(['run', 'deploy', '--to'])).toThrow(CliError);
  });

  it('refuses an empty or repeated step in --only with exit 2', () => {
    expect(() => parseStepList(['a,,b'])).toThrow(/expected step names/);
    expect(() => parseStepList(['a,'])).toThrow(/expected step names/);
    expect(() => parseStepList([''])).toThrow(/expected step names/);
    expect(() => parseStepList(['a', 'a'])).toThrow(/given twice/);
    try {
      parseStepList(['a,,b']);
    } catch (error) {
      expect((error as CliError).exitCode).toBe(2);
    }
  });

  it('combines --from with --to, but refuses --only with --from, --to or --resume', () => {
    const select = (...args: string[]) => stepSelectionOf(parseCli(['run', 'x', ...args]));
    expect(select('--from', 'b', '--to', 'd')).toEqual({ fromStep: 'b', toStep: 'd' });
    expect(select('--only', 'a,c')).toEqual({ onlySteps: ['a', 'c'] });
    expect(select('--resume', 'r1', '--to', 'd')).toEqual({ toStep: 'd' });
    expect(select()).toEqual({});
    expect(() => select('--only', 'a', '--to', 'b')).toThrow(/--only cannot be used with --to/);
    expect(() => select('--only', 'a', '--from', 'b')).toThrow(/with --from/);
    expect(() => select('--only', 'a', '--resume', 'r1')).toThrow(/with --resume/);
    expect(() => select('--from', 'a', '--resume', 'r1')).toThrow(/cannot be used together/);
  });
});
