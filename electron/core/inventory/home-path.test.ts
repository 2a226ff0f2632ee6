import { describe, expect, it } from 'vitest';
import { expandHomePath } from './home-path';

describe('expandHomePath', () => {
  it('expands ~ and ~/ to the home directory, as a shell does', () => {
    expect(expandHomePath('~/.ssh/id_ed25519', '/home/alice')).toBe('/home/alice/.ssh/id_ed25519');
    expect(expandHomePath('~', '/home/alice')).toBe('/home/alice');
  });

  it('leaves absolute and relative paths, ~user and a ~ inside a name alone', () => {
    for (const file of ['/etc/ssh/key', 'keys/id', '~bob/.ssh/id', '/tmp/a~/b'])
      expect(expandHomePath(file, '/home/alice')).toBe(file);
  });
});
