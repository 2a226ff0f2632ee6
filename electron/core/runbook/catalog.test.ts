import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRunbook, loadRunbookDir } from './catalog';

const rb = (id: string, chapter: string) =>
  `---\nid: ${id}\ntitle: ${id}\nchapter: "${chapter}"\n---\n# ${id}\n`;

describe('loadRunbookDir', () => {
  it('loads valid runbooks sorted by chapter then id, and leaves out broken ones with their diagnostics', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalog-'));
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'ten.md'), rb('dix', '10'));
    writeFileSync(join(dir, 'b.md'), rb('b-deux', '2'));
    writeFileSync(join(dir, 'sub', 'a.md'), rb('a-deux', '2'));
    writeFileSync(join(dir, 'README.md'), '# Lisez-moi\n');
    copyFileSync('electron/core/runbook/testdata/bad-steps.md', join(dir, 'broken.md'));
    copyFileSync('e2e/fixtures/runbooks/example.md', join(dir, 'example.md'));

    const { runbooks, diagnostics } = await loadRunbookDir(dir);
    expect(runbooks.map((r) => r.id)).toEqual(['a-deux', 'b-deux', 'exemple-deploiement', 'dix']);
    expect(new Set(diagnostics.map((d) => d.file))).toEqual(new Set([join(dir, 'broken.md')]));

    expect(findRunbook(runbooks, 'dix')?.chapter).toBe('10');
    expect(findRunbook(runbooks, join(dir, 'sub', 'a.md'))?.id).toBe('a-deux');
    expect(findRunbook(runbooks, 'example')?.id).toBe('exemple-deploiement');
    expect(findRunbook(runbooks, 'example.md')?.id).toBe('exemple-deploiement');
    expect(findRunbook(runbooks, 'nope')).toBeUndefined();
  });
});
