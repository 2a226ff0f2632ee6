import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';

/**
 * The few OpenSSH commands run records need, run as child processes: `ssh-keygen -Y sign|verify|
 * check-novalidate` (SSHSIG, PROTOCOL.sshsig) and key generation. We call the maintained tool instead
 * of implementing the format, so that anyone can check a record with the same tool and nothing else.
 */
export const SSH_KEYGEN = process.env.RUNBOOK_SSH_KEYGEN ?? 'ssh-keygen';

export class SshKeygenError extends Error {
  override name = 'SshKeygenError';
}

export interface ToolResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command with `input` on stdin; never throws for a non-zero exit (the caller judges). */
export function runTool(
  command: string,
  args: string[],
  input: string | Buffer = '',
  env: NodeJS.ProcessEnv = process.env,
): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (error) =>
      reject(new SshKeygenError(`cannot run ${command}: ${error.message} (is OpenSSH installed?)`)),
    );
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    // EPIPE when the tool exits without reading its input: its exit code says why.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

/**
 * Signs `data` with `ssh-keygen -Y sign -n <namespace> -f <keyFile>`, data on stdin, armored
 * signature on stdout. A `.pub` keyFile signs through the ssh-agent of `env.SSH_AUTH_SOCK`.
 */
export async function sshSign(
  keyFile: string,
  namespace: string,
  data: string | Buffer,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const result = await runTool(SSH_KEYGEN, ['-Y', 'sign', '-n', namespace, '-f', keyFile], data, env);
  if (result.code !== 0 || !result.stdout.includes('-----BEGIN SSH SIGNATURE-----'))
    throw new SshKeygenError(`ssh-keygen -Y sign failed: ${result.stderr.trim() || `exit ${result.code}`}`);
  return result.stdout;
}

export interface SignatureCheck {
  ok: boolean;
  /** "SHA256:…" of the key that made the signature, when ssh-keygen names it. */
  fingerprint?: string;
  /** ssh-keygen's own words (its stdout or stderr), for the problem list. */
  message: string;
}

function fingerprintIn(text: string): string | undefined {
  return /\bkey (SHA256:[A-Za-z0-9+/]+)/.exec(text)?.[1];
}

/** `ssh-keygen -Y verify -f <allowedSigners> -I <principal> -n <namespace> -s <sigFile> < data`. */
export async function sshVerify(options: {
  allowedSigners: string;
  principal: string;
  namespace: string;
  signatureFile: string;
  data: string | Buffer;
}): Promise<SignatureCheck> {
  const { allowedSigners, principal, namespace, signatureFile, data } = options;
  const result = await runTool(
    SSH_KEYGEN,
    ['-Y', 'verify', '-f', allowedSigners, '-I', principal, '-n', namespace, '-s', signatureFile],
    data,
  );
  const message = (result.code === 0 ? result.stdout : result.stderr || result.stdout).trim();
  return { ok: result.code === 0, fingerprint: fingerprintIn(result.stdout), message };
}

/**
 * `ssh-keygen -Y check-novalidate`: is the signature good for SOME key, whoever's? Tells a signature by a
 * key that is not allowed (the record is intact, the signer unknown) from one that does not match the data.
 */
export async function sshCheckNoValidate(options: {
  namespace: string;
  signatureFile: string;
  data: string | Buffer;
}): Promise<SignatureCheck> {
  const result = await runTool(
    SSH_KEYGEN,
    ['-Y', 'check-novalidate', '-n', options.namespace, '-s', options.signatureFile],
    options.data,
  );
  const message = (result.code === 0 ? result.stdout : result.stderr || result.stdout).trim();
  return { ok: result.code === 0, fingerprint: fingerprintIn(result.stdout), message };
}

/** "SHA256:<base64 without padding>" of an OpenSSH public key line, as ssh-keygen -l prints it. */
export function publicKeyFingerprint(publicKeyLine: string): string {
  const blob = publicKeyLine.trim().split(/\s+/)[1];
  if (!blob) throw new SshKeygenError('not an OpenSSH public key line');
  const digest = createHash('sha256').update(Buffer.from(blob, 'base64')).digest('base64');
  return 'SHA256:' + digest.replace(/=+$/, '');
}

/** The `allowed_signers` line (ssh-keygen(1), ALLOWED SIGNERS) trusting a key for one namespace. */
export function allowedSignersLine(principal: string, publicKeyLine: string, namespace: string): string {
  const [type, blob] = publicKeyLine.trim().split(/\s+/);
  if (!type || !blob) throw new SshKeygenError('not an OpenSSH public key line');
  return `${principal} namespaces="${namespace}" ${type} ${blob}`;
}
