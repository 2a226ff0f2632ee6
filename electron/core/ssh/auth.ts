import { promises as fs } from 'node:fs';
import ssh2, { type ConnectConfig } from 'ssh2';
import { expandHomePath } from '../inventory/home-path';
import type { AuthConfig } from '../inventory/model';
import { KEYCHAIN_SERVICE, secretAccounts, type SecretStore } from '../vault/secret-store';
import { SshError } from './types';

// ssh2 is CommonJS: Node's ESM loader only sees some of its named exports.
const { utils } = ssh2;

/** What auth needs to know about the machine it logs into (a server or a jump host). */
export interface AuthTarget {
  /** Keys the keychain entries (server id, or a jump host's secretId). */
  secretId: string;
  /** For messages: "app (10.0.0.5)". */
  name: string;
  auth: AuthConfig;
}

export interface ResolvedAuth {
  config: Pick<ConnectConfig, 'agent' | 'privateKey' | 'passphrase' | 'password' | 'tryKeyboard'>;
  /** Password for keyboard-interactive prompts (servers that disable plain password auth). */
  keyboardPassword?: string;
  /** For messages: "the key /home/me/.ssh/id_ed25519". */
  description: string;
}

/** Turns an AuthConfig into ssh2 options, fetching passwords and passphrases from the keychain. */
export async function resolveAuth(
  target: AuthTarget,
  secrets: SecretStore,
  agentSocket: string | undefined,
): Promise<ResolvedAuth> {
  const { auth } = target;
  switch (auth.method) {
    case 'agent': {
      const agent = agentSocket ?? process.env.SSH_AUTH_SOCK;
      if (!agent) {
        throw new SshError(
          'secret-missing',
          `${target.name} uses ssh-agent authentication, but no agent is running (SSH_AUTH_SOCK is not set).`,
          { missing: 'ssh-agent' },
        );
      }
      return { config: { agent }, description: 'ssh-agent' };
    }
    case 'key': {
      let key: Buffer;
      try {
        // The app's inventory keeps the path as typed (`~/.ssh/id_ed25519`, as the form's hint shows).
        key = await fs.readFile(expandHomePath(auth.keyPath));
      } catch (err) {
        throw new SshError(
          'auth-failed',
          `Cannot read the private key ${auth.keyPath} for ${target.name}: ${(err as Error).message}.`,
          { keyPath: auth.keyPath },
        );
      }
      const description = `the key ${auth.keyPath}`;
      if (!isEncrypted(key)) return { config: { privateKey: key }, description };
      const account = secretAccounts.keyPassphrase(target.secretId);
      const passphrase = await secrets.get(KEYCHAIN_SERVICE, account);
      if (passphrase === undefined) {
        throw new SshError(
          'secret-missing',
          `The key ${auth.keyPath} of ${target.name} is encrypted and its passphrase is not in the keychain ` +
            `(entry "${account}"). Enter it in the server settings.`,
          { missing: 'passphrase', account },
        );
      }
      if (utils.parseKey(key, passphrase) instanceof Error) {
        throw new SshError(
          'auth-failed',
          `The passphrase in the keychain does not unlock the key ${auth.keyPath} of ${target.name}.`,
          { keyPath: auth.keyPath, account },
        );
      }
      return { config: { privateKey: key, passphrase }, description };
    }
    case 'password': {
      const account = secretAccounts.serverPassword(target.secretId);
      const password = await secrets.get(KEYCHAIN_SERVICE, account);
      if (password === undefined) {
        throw new SshError(
          'secret-missing',
          `The password of ${target.name} is not in the keychain (entry "${account}"). Enter it in the server settings.`,
          { missing: 'password', account },
        );
      }
      return { config: { password, tryKeyboard: true }, keyboardPassword: password, description: 'password' };
    }
  }
}

function isEncrypted(key: Buffer): boolean {
  const parsed = utils.parseKey(key);
  if (!(parsed instanceof Error)) return false;
  // ssh2 says "Encrypted private OpenSSH key detected, but no passphrase given" (or similar for PEM keys).
  return /encrypted|passphrase/i.test(parsed.message);
}
