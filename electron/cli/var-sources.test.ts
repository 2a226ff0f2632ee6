import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseRunbook } from '../core/runbook/parse';
import { CliError } from './args';
import { readVarSources, realIo, type VarSourceIo, type VarSources } from './var-sources';

const runbook = parseRunbook(
  '---\nid: s\ntitle: S\nservers: [app]\nvariables:\n' +
    '  jeton: { label: Jeton, secret: true }\n  site: { label: Site }\n---\n' +
    '```sh {"name":"a","target":"app"}\necho {{site|sh}} {{jeton|sh}}\n```\n',
  's.md',
).runbook!;

let dir: string;
beforeEach(() => void (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rb-var-sources-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
const secretFile = (text: string, mode: number) => {
  const file = path.join(dir, `f-${mode.toString(8)}`);
  fs.writeFileSync(file, text);
  fs.chmodSync(file, mode);
  return file;
};
/** The real file system; stdin is the one thing a unit test cannot hand over (the integration test does). */
const io = (stdin = ''): VarSourceIo => ({ ...realIo, readStdin: async () => stdin });

describe('readVarSources', () => {
  it('reads --var-file (one final line break dropped) and --var-stdin', async () => {
    const file = secretFile('s3cret-from-a-file\n', 0o600);
    expect(await readVarSources(runbook, { inline: {}, files: [`jeton=${file}`] }, io())).toEqual({
      values: { jeton: 's3cret-from-a-file' },
      warnings: [],
    });
    expect(await readVarSources(runbook, { inline: {}, stdin: ['jeton'] }, io('from-stdin\r\n'))).toEqual({
      values: { jeton: 'from-stdin' },
      warnings: [],
    });
  });

  it('refuses a file any user can read, and says how to fix it', async () => {
    const file = secretFile('x', 0o644);
    await expect(readVarSources(runbook, { inline: {}, files: [`jeton=${file}`] }, io())).rejects.toThrow(
      /readable by every user \(mode 0644\); chmod o-r/,
    );
    const groupOnly = secretFile('group-readable-secret', 0o640);
    await expect(
      readVarSources(runbook, { inline: {}, files: [`jeton=${groupOnly}`] }, io()),
    ).resolves.toBeTruthy();
  });

  it('warns when a secret comes from --var, not when an ordinary variable does', async () => {
    const { warnings } = await readVarSources(
      runbook,
      { inline: { jeton: 'x'.repeat(20), site: 'a' } },
      io(),
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /--var jeton .*\(ps\).*history.*--var-file jeton=<file> or --var-stdin jeton/,
    );
  });

  it('refuses a variable given twice, an unknown one, two --var-stdin and a malformed --var-file (exit 2)', async () => {
    const file = secretFile('v', 0o600);
    for (const sources of <VarSources[]>[
      { inline: { jeton: 'a' }, files: [`jeton=${file}`] },
      { inline: {}, files: [`nope=${file}`] },
      { inline: {}, stdin: ['jeton', 'site'] },
      { inline: {}, files: ['jeton'] },
      { inline: {}, files: [`jeton=${path.join(dir, 'missing')}`] },
    ]) {
      const error = await readVarSources(runbook, sources, io()).catch((e: unknown) => e);
      expect(error, JSON.stringify(sources)).toBeInstanceOf(CliError);
      expect((error as CliError).exitCode).toBe(2);
    }
  });
});
