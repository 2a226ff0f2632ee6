import fs from 'node:fs';
import os from 'node:os';
import { allowedSignersPath } from '../data-dir';
import { KEYCHAIN_SERVICE, secretAccounts, type SecretStore } from '../vault/secret-store';
import { generateEd25519, signWithPrivateKey } from './private-agent';
import { allowedSignersLine, publicKeyFingerprint, runTool, sshSign, SshKeygenError } from './ssh-keygen';

/** The SSHSIG namespace of run seals: a signature made for anything else never verifies as one. */
export const RUN_SEAL_NAMESPACE = 'oc-pizzas-runbook-run@v1';

/** Who signs a run's seals, and how. */
export interface RecordSigner {
  /** The name in allowed_signers (no spaces, no quotes, no commas). */
  principal: string;
  /** OpenSSH public key line ("ssh-ed25519 AAAA… comment"). */
  publicKey: string;
  fingerprint: string;
  /** 'install' (the per-install key), 'key-file' or 'agent'. */
  kind: 'install' | 'key-file' | 'agent';
  sign(data: string): Promise<string>;
}

/** allowed_signers principals are patterns: keep to characters that cannot change a line's meaning. */
export function safePrincipal(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._@+-]/g, '_');
  return cleaned || 'runbook';
}

interface StoredInstallKey {
  principal: string;
  publicKey: string;
  privateKey: string;
}

/**
 * The per-install Ed25519 key, made on first use. Its private half lives only in the OS keychain (and,
 * for each signature, in a private ssh-agent's memory: private-agent.ts); its allowed_signers line is
 * added to `<data dir>/allowed_signers` so that `runbook verify` and plain `ssh-keygen -Y verify` trust it.
 */
export async function installKey(secrets: SecretStore, dataDir: string): Promise<StoredInstallKey> {
  const account = secretAccounts.installSigningKey();
  const stored = await secrets.get(KEYCHAIN_SERVICE, account);
  let key: StoredInstallKey;
  if (stored) {
    key = JSON.parse(stored) as StoredInstallKey;
  } else {
    const principal = safePrincipal(`runbook-install@${os.hostname()}`);
    const pair = await generateEd25519(principal);
    key = { principal, ...pair };
    await secrets.set(KEYCHAIN_SERVICE, account, JSON.stringify(key));
  }
  trustInAllowedSigners(dataDir, key.principal, key.publicKey);
  return key;
}

/** Only the public part of the install key (the Settings page), made if it does not exist yet. */
export async function installPublicKey(
  secrets: SecretStore,
  dataDir: string,
): Promise<{ principal: string; publicKey: string; fingerprint: string; allowedSignersLine: string }> {
  const key = await installKey(secrets, dataDir);
  return {
    principal: key.principal,
    publicKey: key.publicKey,
    fingerprint: publicKeyFingerprint(key.publicKey),
    allowedSignersLine: allowedSignersLine(key.principal, key.publicKey, RUN_SEAL_NAMESPACE),
  };
}

/** Appends the key's line to `<data dir>/allowed_signers` unless the key is already in it. */
export function trustInAllowedSigners(dataDir: string, principal: string, publicKey: string): void {
  const file = allowedSignersPath(dataDir);
  const blob = publicKey.trim().split(/\s+/)[1] ?? '';
  let text = '';
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (blob && text.includes(blob)) return;
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const line = allowedSignersLine(principal, publicKey, RUN_SEAL_NAMESPACE);
  fs.appendFileSync(file, (text && !text.endsWith('\n') ? '\n' : '') + line + '\n', { mode: 0o600 });
}

export async function installKeySigner(secrets: SecretStore, dataDir: string): Promise<RecordSigner> {
  const key = await installKey(secrets, dataDir);
  return {
    principal: key.principal,
    publicKey: key.publicKey,
    fingerprint: publicKeyFingerprint(key.publicKey),
    kind: 'install',
    sign: (data) => signWithPrivateKey(key.privateKey, key.publicKey, RUN_SEAL_NAMESPACE, data),
  };
}

/**
 * The operator's own key: a private key file (unencrypted, or ssh-keygen would prompt), or a `.pub` file
 * whose private half is in the ssh-agent of $SSH_AUTH_SOCK (ssh-keygen then signs through the agent).
 */
export async function keyFileSigner(keyFile: string, principal: string): Promise<RecordSigner> {
  let publicKey: string;
  const isPublic = keyFile.endsWith('.pub');
  if (isPublic) publicKey = fs.readFileSync(keyFile, 'utf8').trim();
  else if (fs.existsSync(keyFile + '.pub')) publicKey = fs.readFileSync(keyFile + '.pub', 'utf8').trim();
  else {
    const derived = await runTool(process.env.RUNBOOK_SSH_KEYGEN ?? 'ssh-keygen', ['-y', '-f', keyFile]);
    if (derived.code !== 0)
      throw new SshKeygenError(`cannot read the public key of ${keyFile}: ${derived.stderr.trim()}`);
    publicKey = derived.stdout.trim();
  }
  return {
    principal: safePrincipal(principal),
    publicKey,
    fingerprint: publicKeyFingerprint(publicKey),
    kind: isPublic ? 'agent' : 'key-file',
    sign: (data) => sshSign(keyFile, RUN_SEAL_NAMESPACE, data),
  };
}
