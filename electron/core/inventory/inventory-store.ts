import fs from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import { z } from 'zod';
import { normalizeHost } from './host';
import type { ServerConfig } from './model';
import { type FieldError, describeFieldErrors, fieldErrors, serverConfigSchema } from './schema';

/**
 * The app's server inventory, persisted as `<dataDir>/inventory.json` with `conf` (atomic writes,
 * JSON-schema validation). The engineer may edit that file by hand, so an invalid file is never
 * cleared or overwritten: it is moved aside to `inventory.corrupt-<timestamp>.json` and an
 * InventoryError names both files and the problem. The store then starts empty.
 */
export class InventoryError extends Error {
  override name = 'InventoryError';
  constructor(
    message: string,
    readonly fieldErrors: FieldError[] = [],
    /** Where an invalid inventory file was moved. */
    readonly movedTo?: string,
  ) {
    super(message);
  }
}

interface StoreShape {
  servers: ServerConfig[];
}

const storeSchema = z.strictObject({ servers: z.array(serverConfigSchema) }).superRefine((value, ctx) => {
  const seen = new Set<string>();
  value.servers.forEach((server, index) => {
    if (seen.has(server.id))
      ctx.addIssue({
        code: 'custom',
        path: ['servers', index, 'id'],
        message: `duplicate id "${server.id}"`,
      });
    seen.add(server.id);
  });
});

// conf validates with ajv against a JSON schema; derive it from the zod schema so the two never drift.
function jsonSchemaOfServers(): object {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(z.array(serverConfigSchema)) as Record<
    string,
    unknown
  >;
  return schema;
}

export const INVENTORY_CONFIG_NAME = 'inventory';

export interface InventoryStoreOptions {
  now?: () => Date;
}

export class InventoryStore {
  private constructor(
    private readonly conf: Conf<StoreShape>,
    private readonly now: () => Date,
  ) {}

  get path(): string {
    return this.conf.path;
  }

  /** Opens (or creates) the inventory in dataDir; throws InventoryError after moving an invalid file aside. */
  static open(dataDir: string, options: InventoryStoreOptions = {}): InventoryStore {
    const now = options.now ?? (() => new Date());
    const make = () =>
      new Conf<StoreShape>({
        cwd: dataDir,
        configName: INVENTORY_CONFIG_NAME,
        schema: { servers: jsonSchemaOfServers() } as never,
        defaults: { servers: [] },
        clearInvalidConfig: false,
        accessPropertiesByDotNotation: false,
        configFileMode: 0o600,
      });
    try {
      return new InventoryStore(make(), now);
    } catch (error) {
      throw setAside(path.join(dataDir, `${INVENTORY_CONFIG_NAME}.json`), error, now());
    }
  }

  list(): ServerConfig[] {
    return this.read().servers;
  }

  get(id: string): ServerConfig | undefined {
    return this.list().find((s) => s.id === id);
  }

  /** Adds or replaces (by id) a server; throws InventoryError with field errors when it is invalid. */
  upsert(server: unknown): ServerConfig {
    const parsed = serverConfigSchema.safeParse(withBareHosts(server));
    if (!parsed.success) {
      const errors = fieldErrors(parsed.error);
      throw new InventoryError(`invalid server: ${describeFieldErrors(errors)}`, errors);
    }
    const servers = this.list().filter((s) => s.id !== parsed.data.id);
    servers.push(parsed.data);
    this.conf.set('servers', servers);
    return parsed.data;
  }

  /** Returns true when a server was removed. */
  remove(id: string): boolean {
    const servers = this.list();
    const kept = servers.filter((s) => s.id !== id);
    if (kept.length === servers.length) return false;
    this.conf.set('servers', kept);
    return true;
  }

  /** conf reads the file on each access: a file broken while the app runs is handled like at start. */
  private read(): StoreShape {
    try {
      return { servers: this.conf.get('servers') };
    } catch (error) {
      throw setAside(this.conf.path, error, this.now());
    }
  }
}

/** The form may send "[::1]" as people write it in URLs; the inventory keeps IPv6 bare (host.ts). */
function withBareHosts(server: unknown): unknown {
  if (typeof server !== 'object' || server === null) return server;
  const s = server as { host?: unknown; jump?: unknown };
  const bare = (h: unknown) => (typeof h === 'string' ? normalizeHost(h) : h);
  const jump =
    typeof s.jump === 'object' && s.jump !== null
      ? { ...s.jump, host: bare((s.jump as { host?: unknown }).host) }
      : s.jump;
  return { ...s, host: bare(s.host), ...(s.jump !== undefined ? { jump } : {}) };
}

/** Explains what is wrong with the file (field paths from zod), moves it aside, returns the error to throw. */
function setAside(file: string, cause: unknown, now: Date): InventoryError {
  if (!fs.existsSync(file)) return new InventoryError(`cannot open the inventory ${file}: ${String(cause)}`);
  let problem = cause instanceof Error ? cause.message : String(cause);
  let errors: FieldError[] = [];
  try {
    const parsed = storeSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (!parsed.success) {
      errors = fieldErrors(parsed.error);
      problem = describeFieldErrors(errors);
    }
  } catch (error) {
    problem = `not valid JSON: ${(error as Error).message}`;
  }
  const stamp = now.toISOString().replace(/:/g, '-');
  const movedTo = path.join(path.dirname(file), `${INVENTORY_CONFIG_NAME}.corrupt-${stamp}.json`);
  fs.renameSync(file, movedTo);
  return new InventoryError(
    `the inventory file ${file} is invalid (${problem}); it was moved to ${movedTo} and the inventory starts empty: ` +
      'fix that file and move it back, or add the servers again',
    errors,
    movedTo,
  );
}
