/**
 * The server form as plain strings (what inputs hold), and its conversions: from a saved server, from an
 * ~/.ssh/config candidate, to the contract's ServerConfig, and the backend's field errors back onto fields.
 * Pure: unit-tested without React. Validation itself is the backend's (the inventory schema), so the form
 * can never accept what the store would refuse.
 */
import type { AuthConfig, ServerConfig, ServerRole, ServerView, SshConfigHost } from '../api';

export type AuthMethod = AuthConfig['method'];

export interface ServerForm {
  id: string;
  role: ServerRole;
  label: string;
  host: string;
  port: string;
  user: string;
  auth: AuthMethod;
  keyPath: string;
  useJump: boolean;
  jumpHost: string;
  jumpPort: string;
  jumpUser: string;
  jumpAuth: AuthMethod;
  jumpKeyPath: string;
  /** The jump host's keychain id as saved ('' for a new jump host): its stored secrets stay reachable. */
  jumpSecretId: string;
}

export type FormField = Exclude<keyof ServerForm, 'id' | 'role' | 'useJump' | 'jumpSecretId'>;

/** What upsertServer takes: the inventory's own ServerConfig (inventory/model.ts, through the contract). */
export type ServerInput = ServerConfig;

export function emptyForm(role: ServerRole, label: string): ServerForm {
  return {
    id: role,
    role,
    label,
    host: '',
    port: '22',
    user: '',
    auth: 'agent',
    keyPath: '',
    useJump: false,
    jumpHost: '',
    jumpPort: '22',
    jumpUser: '',
    jumpAuth: 'agent',
    jumpKeyPath: '',
    jumpSecretId: '',
  };
}

export function formOf(server: ServerView): ServerForm {
  const jump = server.jump;
  return {
    id: server.id,
    role: server.role,
    label: server.label,
    host: server.host,
    port: String(server.port),
    user: server.user,
    auth: server.auth.method,
    keyPath: server.auth.method === 'key' ? server.auth.keyPath : '',
    useJump: jump !== undefined,
    jumpHost: jump?.host ?? '',
    jumpPort: String(jump?.port ?? 22),
    jumpUser: jump?.user ?? '',
    jumpAuth: jump?.auth.method ?? 'agent',
    jumpKeyPath: jump?.auth.method === 'key' ? jump.auth.keyPath : '',
    jumpSecretId: jump?.secretId ?? '',
  };
}

/** A candidate of ~/.ssh/config for a role: its key means key auth, otherwise the agent. */
export function formFromSshHost(host: SshConfigHost, base: ServerForm): ServerForm {
  return {
    ...base,
    label: base.label || host.alias,
    host: host.host,
    port: String(host.port),
    user: host.user ?? '',
    auth: host.identityFile ? 'key' : 'agent',
    keyPath: host.identityFile ?? '',
    useJump: host.jump !== undefined,
    jumpHost: host.jump?.host ?? '',
    jumpPort: String(host.jump?.port ?? 22),
    jumpUser: host.jump?.user ?? '',
    jumpAuth: host.jump?.identityFile ? 'key' : 'agent',
    jumpKeyPath: host.jump?.identityFile ?? '',
    jumpSecretId: base.jumpSecretId,
  };
}

function authOf(method: AuthMethod, keyPath: string): AuthConfig {
  return method === 'key' ? { method, keyPath: keyPath.trim() } : { method };
}

/** A port as typed is one the inventory accepts (a whole number, 1 to 65535), checked before it is sent. */
export function portInRange(text: string): boolean {
  const port = portOf(text);
  return Number.isInteger(port) && port >= 1 && port <= 65535;
}

/** The form's ports out of range, by field (the jump host's only when one is used). */
export function portProblems(form: ServerForm): FormField[] {
  const fields: FormField[] = [];
  if (!portInRange(form.port)) fields.push('port');
  if (form.useJump && !portInRange(form.jumpPort)) fields.push('jumpPort');
  return fields;
}

/** A port as typed; anything that is not a whole number becomes NaN, which the backend names as the error. */
function portOf(text: string): number {
  return /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
}

export function toServerInput(form: ServerForm): ServerInput {
  const server: ServerInput = {
    id: form.id,
    role: form.role,
    label: form.label.trim(),
    host: form.host.trim(),
    port: portOf(form.port),
    user: form.user.trim(),
    auth: authOf(form.auth, form.keyPath),
  };
  if (form.useJump) {
    server.jump = {
      host: form.jumpHost.trim(),
      port: portOf(form.jumpPort),
      user: form.jumpUser.trim(),
      auth: authOf(form.jumpAuth, form.jumpKeyPath),
      // The jump host's secrets live in the keychain under their own id, beside the server's; a saved one
      // (an inventory file may name it) is kept, or its password and passphrase would be lost.
      secretId: form.jumpSecretId || `${form.id}-jump`,
    };
  }
  return server;
}

const FIELD_OF_PATH: Record<string, FormField> = {
  label: 'label',
  host: 'host',
  port: 'port',
  user: 'user',
  auth: 'auth',
  'auth.keyPath': 'keyPath',
  'auth.method': 'auth',
  'jump.host': 'jumpHost',
  'jump.port': 'jumpPort',
  'jump.user': 'jumpUser',
  'jump.auth': 'jumpAuth',
  'jump.auth.method': 'jumpAuth',
  'jump.auth.keyPath': 'jumpKeyPath',
};

/**
 * The backend's invalid-input message ("Invalid input for upsertServer: server.port: Too big…; server.auth.keyPath:
 * must not be empty") as messages by form field. What names no field of the form is returned under `other`.
 */
export function fieldErrorsOf(message: string): {
  fields: Partial<Record<FormField, string>>;
  other: string[];
} {
  const fields: Partial<Record<FormField, string>> = {};
  const other: string[] = [];
  const body = message.replace(/^Invalid input for \w+: /, '');
  for (const part of body.split(/; (?=[\w.[\]]+: )/)) {
    const m = /^(?:server\.)?([\w.[\]]+): (.*)$/s.exec(part.trim());
    const field = m ? FIELD_OF_PATH[m[1]!] : undefined;
    if (m && field) fields[field] ??= m[2]!;
    else if (part.trim()) other.push(part.trim());
  }
  return { fields, other };
}
