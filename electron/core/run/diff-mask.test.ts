import { createHash } from 'node:crypto';
import { createTwoFilesPatch } from 'diff';
import { describe, expect, it } from 'vitest';
import { isSensitiveFile, maskDiff } from './diff-mask';

const hash = (line: string) => createHash('sha256').update(line).digest('hex').slice(0, 16);

describe('maskDiff', () => {
  it('keeps headers and line numbers, masks every content line with its hash', () => {
    const before = 'root:$6$old$hash:19000:0:99999:7:::\nbin:*:19000:0:99999:7:::\n';
    const after = 'root:$6$new$hash:19500:0:99999:7:::\nbin:*:19000:0:99999:7:::\n';
    const diff = createTwoFilesPatch('a/etc/shadow', 'b/etc/shadow', before, after);
    const masked = maskDiff(diff);
    expect(masked).not.toContain('$6$');
    expect(masked).not.toContain('bin:*');
    expect(masked).toContain('--- a/etc/shadow');
    expect(masked).toContain('+++ b/etc/shadow');
    expect(masked).toContain('@@ -1,2 +1,2 @@');
    expect(masked).toContain(`-[masked] sha256:${hash('root:$6$old$hash:19000:0:99999:7:::')}`);
    expect(masked).toContain(`+[masked] sha256:${hash('root:$6$new$hash:19500:0:99999:7:::')}`);
    expect(masked).toContain(` [masked] sha256:${hash('bin:*:19000:0:99999:7:::')}`);
    expect(masked.split('\n')).toHaveLength(diff.split('\n').length);
  });
});

describe('isSensitiveFile', () => {
  it('is sensitive with sudo or without group/other read, unless the runbook says otherwise', () => {
    expect(isSensitiveFile({ sudo: false })).toBe(false);
    expect(isSensitiveFile({ sudo: false, mode: '0644' })).toBe(false);
    expect(isSensitiveFile({ sudo: false, mode: '0640' })).toBe(false);
    expect(isSensitiveFile({ sudo: false, mode: '0600' })).toBe(true);
    expect(isSensitiveFile({ sudo: false, mode: '0400' })).toBe(true);
    expect(isSensitiveFile({ sudo: true, mode: '0644' })).toBe(true);
    expect(isSensitiveFile({ sudo: true, sensitive: false })).toBe(false);
    expect(isSensitiveFile({ sudo: false, mode: '0644', sensitive: true })).toBe(true);
  });
});
