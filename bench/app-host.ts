import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { ServerRole } from '../electron/core/runbook/model';
import { connectBenchApi, openBenchSession, type BenchSession } from './api-client';
import { startPrintingUrl } from './browser';
import type { BenchLab } from './lab-env';
import { benchRunbookSource, type BenchStep } from './runbook-source';

/**
 * The app in browser mode for the full-path figures (1, 2, 5b): the renderer built with the bench hook
 * (VITE_RB_BENCH=1, renderer/terminal/benchStats.ts), served by bench/web-host.ts on a fresh data dir whose
 * servers were added and whose host keys were accepted through the api, as the Servers view does.
 */
export interface AppHost {
  /** The session the host's one-time link was traded for: api calls and pages share it. */
  session: BenchSession;
  /** Starts a run of one of the host's runbooks (through the api) and returns its id. */
  startRun(runbookId: string): Promise<string>;
  stop(): Promise<void>;
}

const builds = new WeakMap<BenchLab, string>();

/** vite build of the renderer with the bench hook, once per bench run (into the lab's scratch dir). */
function benchRenderer(env: BenchLab, repoRoot: string): string {
  const existing = builds.get(env);
  if (existing) return existing;
  const outDir = path.join(env.scratch, 'renderer-bench');
  execFileSync(
    path.join(repoRoot, 'node_modules', '.bin', 'vite'),
    ['build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'],
    {
      cwd: repoRoot,
      env: { ...process.env, VITE_RB_BENCH: '1' },
      stdio: ['ignore', 'ignore', 'inherit'],
      timeout: 300_000,
    },
  );
  builds.set(env, outDir);
  return outDir;
}

export async function startAppHost(
  env: BenchLab,
  repoRoot: string,
  runbooks: Record<string, BenchStep[]>,
): Promise<AppHost> {
  const staticDir = benchRenderer(env, repoRoot);
  const dir = fs.mkdtempSync(path.join(env.scratch, 'app-'));
  const dataDir = path.join(dir, 'data');
  const runbooksDir = path.join(dir, 'runbooks');
  fs.mkdirSync(runbooksDir);
  const roles = new Set<ServerRole>();
  for (const [id, steps] of Object.entries(runbooks)) {
    const servers = [...new Set(steps.map((s) => s.target))];
    servers.forEach((r) => roles.add(r));
    fs.writeFileSync(path.join(runbooksDir, `${id}.md`), benchRunbookSource(id, servers, steps));
  }
  const proc = await startPrintingUrl(
    path.join(repoRoot, 'node_modules', '.bin', 'tsx'),
    ['bench/web-host.ts', '--data-dir', dataDir, '--runbooks-dir', runbooksDir, '--static-dir', staticDir],
    /http:\/\/127\.0\.0\.1:\d+\/session#token=[A-Za-z0-9_-]+/,
    repoRoot,
  );
  const stop = async () => {
    await proc.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  let session: BenchSession;
  try {
    session = await openBenchSession(proc.url);
    const api = await connectBenchApi(session);
    try {
      for (const role of roles) await addServer(api, env, role);
    } finally {
      api.close();
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    session,
    async startRun(runbookId) {
      const api = await connectBenchApi(session);
      try {
        const state = await api.call<{ runId: string }>('startRun', { runbookId, variables: {} });
        return state.runId;
      } finally {
        api.close();
      }
    },
    stop,
  };
}

type ConnectionTest = { ok: true } | { ok: false; code: string; message?: string; fingerprint?: string };

/** upsertServer, then testConnection: the unknown host key is compared with the lab's and accepted. */
async function addServer(
  api: Awaited<ReturnType<typeof connectBenchApi>>,
  env: BenchLab,
  role: ServerRole,
): Promise<void> {
  const server = env.lab.server(role);
  await api.call('upsertServer', { server: server.serverConfig() });
  const first = await api.call<ConnectionTest>('testConnection', { id: role });
  if (first.ok) return;
  if (first.code !== 'host-key-unknown' || first.fingerprint !== server.hostKeyFingerprint)
    throw new Error(`server ${role}: ${first.code} ${first.message ?? ''} (${first.fingerprint ?? ''})`);
  const accepted = await api.call<ConnectionTest>('testConnection', {
    id: role,
    acceptFingerprint: first.fingerprint,
  });
  if (!accepted.ok) throw new Error(`server ${role}: ${accepted.code} ${accepted.message ?? ''}`);
}
