/**
 * What a spec needs to drive runs or terminals on its own: one lab server (app), a web host of its own on a
 * fresh data dir serving the given runbooks, and that server configured through the api, labelled
 * "Labo app", its host key compared and accepted (the Servers view itself is run.spec.ts's subject).
 * stop() undoes all of it, also when the set-up failed half-way.
 */
import { expect } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLab, type Lab } from './lab/lab';
import { startWebHost, type WebHost } from './web-host';

export interface AppServerWorld {
  lab: Lab;
  host: WebHost;
  dataDir: string;
  runbooksDir: string;
  stop(): Promise<void>;
}

/** `runbooks`: file name → Markdown text. `prefix` names the temporary folders (rb-e2e-<prefix>-…). */
export async function startAppServerWorld(
  prefix: string,
  runbooks: Record<string, string> = {},
): Promise<AppServerWorld> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `rb-e2e-${prefix}-data-`));
  const runbooksDir = fs.mkdtempSync(path.join(os.tmpdir(), `rb-e2e-${prefix}-books-`));
  let lab: Lab | undefined;
  let host: WebHost | undefined;
  const stop = async () => {
    await host?.stop();
    await lab?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(runbooksDir, { recursive: true, force: true });
  };
  try {
    for (const [file, text] of Object.entries(runbooks)) fs.writeFileSync(path.join(runbooksDir, file), text);
    lab = await startLab({ roles: ['app'] });
    host = await startWebHost({ dataDir, runbooksDir });
    const server = lab.server('app');
    const api = await host.apiClient();
    try {
      await api.upsertServer({ server: { ...server.serverConfig(), label: 'Labo app' } });
      // First contact, as the Servers view does it: the fingerprint is shown, compared, then accepted.
      expect(await api.testConnection({ id: 'app' })).toMatchObject({
        ok: false,
        code: 'host-key-unknown',
        fingerprint: server.hostKeyFingerprint,
      });
      expect(
        await api.testConnection({ id: 'app', acceptFingerprint: server.hostKeyFingerprint }),
      ).toMatchObject({ ok: true });
    } finally {
      api.close();
    }
    return { lab, host, dataDir, runbooksDir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
