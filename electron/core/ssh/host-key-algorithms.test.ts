import { describe, expect, it } from 'vitest';
import { hostKeyAlgorithms, OFFERED_HOST_KEY_ALGORITHMS } from './host-key-algorithms';
import type { RecordedKey } from './host-key-trust';

function recorded(keyType: string, marker?: RecordedKey['marker']): RecordedKey {
  return {
    line: 1,
    marker,
    hosts: '*',
    keyType,
    keyBase64: '',
    file: 'kh',
    readOnly: false,
    keyBlob: Buffer.alloc(0),
  };
}

describe('hostKeyAlgorithms', () => {
  it('offers our default order when nothing is recorded, without SHA-1 ssh-rsa', () => {
    expect(hostKeyAlgorithms([])).toEqual([...OFFERED_HOST_KEY_ALGORITHMS]);
    expect(hostKeyAlgorithms([])).not.toContain('ssh-rsa');
  });

  it('puts the algorithms of recorded types first, keeping the rest after them', () => {
    expect(hostKeyAlgorithms([recorded('ssh-rsa')])).toEqual([
      'rsa-sha2-512',
      'rsa-sha2-256',
      'ssh-ed25519',
      'ecdsa-sha2-nistp256',
      'ecdsa-sha2-nistp384',
      'ecdsa-sha2-nistp521',
    ]);
    expect(hostKeyAlgorithms([recorded('ecdsa-sha2-nistp384')]).slice(0, 2)).toEqual([
      'ecdsa-sha2-nistp384',
      'ssh-ed25519',
    ]);
    expect(hostKeyAlgorithms([recorded('ecdsa-sha2-nistp521'), recorded('ssh-ed25519')]).slice(0, 3)).toEqual(
      ['ssh-ed25519', 'ecdsa-sha2-nistp521', 'ecdsa-sha2-nistp256'],
    );
  });

  it('ignores revoked and @cert-authority lines, and types it cannot offer', () => {
    const list = [recorded('ssh-rsa', 'revoked'), recorded('ssh-rsa', 'cert-authority'), recorded('ssh-dss')];
    expect(hostKeyAlgorithms(list)).toEqual([...OFFERED_HOST_KEY_ALGORITHMS]);
  });
});
