import { describe, expect, it } from 'vitest';
import { stepEcho } from './step-echo';

describe('stepEcho', () => {
  it('shows the masked command as a shell echoes it, the name as a comment, continuation lines marked', () => {
    expect(stepEcho('create-db', 'sudo -u postgres createdb ocpizzas\necho "mot de passe ••••••"\n')).toBe(
      'sudo -u postgres createdb ocpizzas  # create-db\n> echo "mot de passe ••••••"',
    );
  });

  it('cuts a long script and says how many lines are left out', () => {
    const script = Array.from({ length: 15 }, (_, i) => `echo ${i}`).join('\n');
    const echo = stepEcho('long', script, 12).split('\n');
    expect(echo).toHaveLength(12 + 1);
    expect(echo[0]).toBe('echo 0  # long');
    expect(echo.at(-2)).toBe('> echo 11');
    expect(echo.at(-1)).toBe('> … (3 more lines)');
    expect(stepEcho('two', 'a\nb\nc', 2).split('\n').at(-1)).toBe('> … (1 more line)');
  });

  it('is just the name when there is no command to show', () => {
    expect(stepEcho('vide', '  \n')).toBe('# vide');
  });
});
