import fs from 'node:fs';
import path from 'node:path';
import { type Document, LineCounter, isScalar, parseDocument, visit } from 'yaml';
import { z } from 'zod';
import { SERVER_ROLES, type ServerRole } from '../runbook/model';
import { expandHomePath } from './home-path';
import type { AuthConfig, Inventory, JumpHost, ServerConfig } from './model';
import { normalizeHost } from './host';
import {
  type FieldError,
  formatPath,
  hostSchema,
  idSchema,
  labelSchema,
  portSchema,
  serverConfigSchema,
  userSchema,
} from './schema';

/**
 * The CLI's `--inventory` file (format in docs/inventory.md): YAML, or JSON (parsed by the same
 * YAML 1.2 parser, which reads JSON too, so both get line:col in their errors).
 *
 *   servers:
 *     app: { host: 10.0.0.5, user: deploy, auth: agent }
 *     db:  { host: 10.0.0.6, port: 2222, user: deploy, auth: key, keyPath: ~/.ssh/id_ed25519 }
 */

/** Keys that would hold a secret: refused, secrets belong in the OS keychain. */
const SECRET_KEY = /pass(word|phrase)|secret|token|private[-_]?key|credential/i;

export class InventoryFileError extends Error {
  override name = 'InventoryFileError';
  constructor(
    message: string,
    readonly file: string,
    readonly problems: Array<FieldError & { line?: number; col?: number }> = [],
  ) {
    super(message);
  }
}

const authMethodSchema = z.enum(['agent', 'key', 'password']);

function keyPathRule(value: { auth: string; keyPath?: string }, ctx: z.RefinementCtx): void {
  if (value.auth === 'key' && !value.keyPath)
    ctx.addIssue({ code: 'custom', path: ['keyPath'], message: 'is required when auth is "key"' });
  if (value.auth !== 'key' && value.keyPath)
    ctx.addIssue({ code: 'custom', path: ['keyPath'], message: 'is only used when auth is "key"' });
}

/** `[::1]` is how IPv6 is written in URLs and ssh -J; the inventory keeps it bare (host.ts). */
const entryHostSchema = z.preprocess((v) => (typeof v === 'string' ? normalizeHost(v) : v), hostSchema);

const jumpEntrySchema = z
  .strictObject({
    host: entryHostSchema,
    port: portSchema.default(22),
    user: userSchema,
    auth: authMethodSchema,
    keyPath: z.string().min(1).optional(),
    id: idSchema.optional(),
  })
  .superRefine(keyPathRule);

const serverEntrySchema = z
  .strictObject({
    host: entryHostSchema,
    port: portSchema.default(22),
    user: userSchema,
    auth: authMethodSchema,
    keyPath: z.string().min(1).optional(),
    label: labelSchema.optional(),
    id: idSchema.optional(),
    jump: jumpEntrySchema.optional(),
  })
  .superRefine(keyPathRule);

const fileSchema = z.strictObject({ servers: z.partialRecord(z.enum(SERVER_ROLES), serverEntrySchema) });

type Located = FieldError & { line?: number; col?: number };

function locate(
  doc: Document,
  counter: LineCounter,
  fieldPath: PropertyKey[],
): { line?: number; col?: number } {
  // The node at the path, or its nearest existing parent (a missing field is reported at its object).
  for (let n = fieldPath.length; n >= 0; n--) {
    const node = doc.getIn(fieldPath.slice(0, n) as unknown[], true) as
      { range?: [number, number, number] } | undefined;
    if (node?.range) return counter.linePos(node.range[0]);
  }
  return {};
}

function fail(file: string, problems: Located[]): never {
  const lines = problems.map((p) => `${file}${p.line ? `:${p.line}:${p.col}` : ''}: ${p.path}: ${p.message}`);
  throw new InventoryFileError(lines.join('\n'), file, problems);
}

function secretKeys(doc: Document, counter: LineCounter): Located[] {
  const found: Located[] = [];
  visit(doc, {
    Pair(_key, pair, ancestry) {
      if (!isScalar(pair.key) || !SECRET_KEY.test(String(pair.key.value))) return;
      const keys = ancestry.flatMap((a) => (a && 'key' in a && isScalar(a.key) ? [String(a.key.value)] : []));
      const at = pair.key.range ? counter.linePos(pair.key.range[0]) : {};
      found.push({
        path: formatPath([...keys, String(pair.key.value)]),
        message:
          'secrets are not allowed in an inventory file: they go to the OS keychain (the app or `runbook secrets`)',
        ...at,
      });
    },
  });
  return found;
}

function expandKeyPath(keyPath: string, file: string): string {
  return path.resolve(path.dirname(file), expandHomePath(keyPath));
}

function toAuth(method: 'agent' | 'key' | 'password', keyPath: string | undefined, file: string): AuthConfig {
  return method === 'key' ? { method, keyPath: expandKeyPath(keyPath ?? '', file) } : { method };
}

/** Reads and checks an inventory file; throws InventoryFileError naming file:line:col and the field. */
export function loadInventoryFile(file: string): Inventory {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new InventoryFileError(`cannot read the inventory ${file}: ${(error as Error).message}`, file);
  }
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  if (doc.errors.length) {
    fail(
      file,
      doc.errors.map((e) => ({
        path: '(syntax)',
        message: `${/\.json$/i.test(file) ? 'JSON' : 'YAML'} syntax error: ${e.message.split('\n')[0]}`,
        ...counter.linePos(e.pos[0]),
      })),
    );
  }
  const secrets = secretKeys(doc, counter);
  if (secrets.length) fail(file, secrets);
  const parsed = fileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    fail(
      file,
      parsed.error.issues.map((issue) => ({
        path: formatPath(issue.path),
        message:
          issue.code === 'unrecognized_keys' && issue.path.length === 1 && issue.path[0] === 'servers'
            ? `${issue.message} (the server roles are ${SERVER_ROLES.join(', ')})`
            : issue.message,
        ...locate(doc, counter, issue.path),
      })),
    );
  }
  const inventory: Inventory = {};
  for (const [role, entry] of Object.entries(parsed.data.servers) as Array<
    [ServerRole, z.infer<typeof serverEntrySchema>]
  >) {
    const id = entry.id ?? role;
    const jump: JumpHost | undefined = entry.jump && {
      host: entry.jump.host,
      port: entry.jump.port,
      user: entry.jump.user,
      auth: toAuth(entry.jump.auth, entry.jump.keyPath, file),
      secretId: entry.jump.id ?? `${id}-jump`,
    };
    const server: ServerConfig = {
      id,
      role,
      label: entry.label ?? `${role} (${entry.host})`,
      host: entry.host,
      port: entry.port,
      user: entry.user,
      auth: toAuth(entry.auth, entry.keyPath, file),
      ...(jump ? { jump } : {}),
    };
    inventory[role] = serverConfigSchema.parse(server);
  }
  return inventory;
}
