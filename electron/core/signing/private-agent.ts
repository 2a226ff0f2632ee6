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
 * leaves the key behind for good. Here a crash leaves at worst an agent that forgets the key when its
 * lifetime ends (`ssh-add -t`), and ssh-agent refuses ptrace and core dumps and other users' connections.
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
  const agent = spawn(AGENT, ['-D', '-a', socket, '-t', String(KEY_LIFETIME_SECONDS)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    await agentReady(agent, socket);
    const env = { ...process.env, SSH_AUTH_SOCK: socket };
    const added = await runTool(ADD, ['-q', '-t', String(KEY_LIFETIME_SECONDS), '-'], privateKey, env);
    if (added.code !== 0)
      throw new SshKeygenError(`ssh-add could not load the signing key: ${added.stderr.trim()}`);
    // Only the public half is a file: ssh-keygen finds the matching private key in the agent.
    const publicFile = path.join(dir, 'signing-key.pub');
    fs.writeFileSync(publicFile, publicKey.trim() + '\n', { mode: 0o600 });
    return await sshSign(publicFile, namespace, data, env);
  } finally {
    agent.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** ssh-agent -D prints SSH_AUTH_SOCK=… once its socket listens. */
function agentReady(agent: ReturnType<typeof spawn>, socket: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('SSH_AUTH_SOCK=') && fs.existsSync(socket)) {
        agent.stdout?.off('data', onData);
        resolve();
      }
    };
    agent.stdout?.on('data', onData);
    agent.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    agent.once('error', (error) =>
      reject(new SshKeygenError(`cannot start ssh-agent: ${error.message} (is OpenSSH installed?)`)),
    );
    agent.once('exit', (code) => reject(new SshKeygenError(`ssh-agent exited (${code}): ${err.trim()}`)));
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
