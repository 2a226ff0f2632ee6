import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTool, sshSign, SshKeygenError } from './ssh-keygen';

/**
 * Signs with a private key held only in memory (the per-install key, read from the OS keychain), without
 * ever writing it to a file: a private `ssh-agent` is started for the one call, on a socket in a fresh
 * 0700 directory, the key is given to it through `ssh-add -` on a pipe with a short lifetime, and
 * `ssh-keygen -Y sign -f <public key>` signs through it. The agent is stopped and the directory removed
 * right after.
 *
 * Why not a 0600 temp file for `ssh-keygen -f`: its bytes would reach the filesystem (a disk-backed /tmp
 * keeps them in freed blocks, backups and snapshots may copy them), and a crash between write and unlink
 * leaves the key behind for good. Here the key lives only in memory: ours, and the agent's, which refuses
 * ptrace, core dumps and other users' connections, forgets the key after `-t` seconds, and exits with the
 * command it runs, itself ended when we are (so a killed run leaves no agent behind for more than ~10 s).
 */
const KEY_LIFETIME_SECONDS = 60;

const AGENT = process.env.RUNBOOK_SSH_AGENT ?? 'ssh-agent';
const ADD = process.env.RUNBOOK_SSH_ADD ?? 'ssh-add';

export async function signWithPrivateKey(
  privateKey: string,
  publicKey: string,
  namespace: string,
  data: string | Buffer,
): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rb-sign-'));
  fs.chmodSync(dir, 0o700);
  const socket = path.join(dir, 'agent.sock');
  // `ssh-agent <command>` runs the command and the agent exits once it has (ssh-agent(1)). The command waits
  // on a pipe from us, so if this process dies, the pipe closes, the command ends and the agent with it:
  // no agent outlives a killed run. It prints the agent's pid once the socket listens.
  const holder = spawn(
    AGENT,
    [
      '-a',
      socket,
      '-t',
      String(KEY_LIFETIME_SECONDS),
      'sh',
      '-c',
      'echo "ready $SSH_AGENT_PID"; exec cat >/dev/null',
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let agentPid: number | undefined;
  try {
    agentPid = await agentReady(holder);
    const env = { ...process.env, SSH_AUTH_SOCK: socket };
    const added = await runTool(ADD, ['-q', '-t', String(KEY_LIFETIME_SECONDS), '-'], privateKey, env);
    if (added.code !== 0)
      throw new SshKeygenError(`ssh-add could not load the signing key: ${added.stderr.trim()}`);
    // Only the public half is a file: ssh-keygen finds the matching private key in the agent.
    const publicFile = path.join(dir, 'signing-key.pub');
    fs.writeFileSync(publicFile, publicKey.trim() + '\n', { mode: 0o600 });
    return await sshSign(publicFile, namespace, data, env);
  } finally {
    // The agent (started above, its pid from its own environment) at once; the holder ends with its pipe.
    if (agentPid !== undefined) {
      try {
        process.kill(agentPid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    holder.stdin?.end();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The holder prints "ready <agent pid>" once the agent's socket listens. */
function agentReady(holder: ReturnType<typeof spawn>): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const ready = /ready (\d+)/.exec(out);
      if (ready) {
        holder.stdout?.off('data', onData);
        resolve(Number(ready[1]));
      }
    };
    holder.stdout?.on('data', onData);
    holder.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    holder.once('error', (error) =>
      reject(new SshKeygenError(`cannot start ssh-agent: ${error.message} (is OpenSSH installed?)`)),
    );
    holder.once('exit', (code) => reject(new SshKeygenError(`ssh-agent exited (${code}): ${err.trim()}`)));
  });
}

/**
 * A new Ed25519 key pair from `ssh-keygen -t ed25519`. ssh-keygen can only write keys to files, so this is
 * the one moment a private key touches the filesystem: in a fresh 0700 directory, read back and removed at
 * once, before the key is ever used (it goes to the keychain; see signer.ts).
 */
export async function generateEd25519(comment: string): Promise<{ privateKey: string; publicKey: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rb-keygen-'));
  fs.chmodSync(dir, 0o700);
  try {
    const file = path.join(dir, 'key');
    const result = await runTool(process.env.RUNBOOK_SSH_KEYGEN ?? 'ssh-keygen', [
      '-q',
      '-t',
      'ed25519',
      '-N',
      '',
      '-C',
      comment,
      '-f',
      file,
    ]);
    if (result.code !== 0)
      throw new SshKeygenError(`ssh-keygen could not make a key: ${result.stderr.trim()}`);
    return {
      privateKey: fs.readFileSync(file, 'utf8'),
      publicKey: fs.readFileSync(file + '.pub', 'utf8').trim(),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
