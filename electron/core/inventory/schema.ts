import { z } from 'zod';
import { SERVER_ROLES } from '../runbook/model';
import { HOST_CHARACTERS, HOST_MESSAGE, isValidHost } from './host';
import type { ServerConfig } from './model';

/**
 * The zod schema of a ServerConfig, shared by the app's inventory store (inventory-store.ts) and the
 * CLI's inventory file loader (inventory-file.ts), so both accept exactly the same servers.
 * Hosts, users and ids are restricted to plain characters: they appear in known_hosts lines, keychain
 * account names and the UI, and a leading '-' could read as an option anywhere a tool is involved.
 */
export const ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const USER_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]{0,31}$/;
/**
 * A label is free text (shown in the app and the reports, and quoted wherever a runbook inserts it), but no
 * control characters: a line break would start a new line in a file or a command, an escape sequence would
 * rewrite the engineer's terminal.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const LABEL_PATTERN = /^[^\u0000-\u001f\u007f-\u009f]*$/;

export const idSchema = z
  .string()
  .regex(
    ID_PATTERN,
    'must be lowercase letters, digits, "-" or "_" (at most 64), starting with a letter or digit',
  );
// The regex survives into the JSON schema of the app's inventory file (refinements do not): it alone keeps a
// hand-edited file's host inert; the refinement then checks it is a real name or address.
export const hostSchema = z
  .string()
  .regex(HOST_CHARACTERS, { message: HOST_MESSAGE, abort: true })
  .refine(isValidHost, HOST_MESSAGE);
export const labelSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(100)
  .regex(LABEL_PATTERN, 'must not contain control characters (line breaks, tabs, escapes)');
export const portSchema = z.number().int('must be a whole number').min(1).max(65535);
export const userSchema = z.string().regex(USER_PATTERN, 'must be a Unix user name');

export const authSchema = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('agent') }),
  z.strictObject({ method: z.literal('key'), keyPath: z.string().min(1, 'must not be empty') }),
  z.strictObject({ method: z.literal('password') }),
]);

export const jumpHostSchema = z.strictObject({
  host: hostSchema,
  port: portSchema,
  user: userSchema,
  auth: authSchema,
  secretId: idSchema,
});

export const serverConfigSchema = z.strictObject({
  id: idSchema,
  role: z.enum(SERVER_ROLES),
  label: labelSchema,
  host: hostSchema,
  port: portSchema,
  user: userSchema,
  auth: authSchema,
  jump: jumpHostSchema.optional(),
});

// Compile-time guarantee that the schema and the shared model type agree both ways.
type Parsed = z.infer<typeof serverConfigSchema>;
const _modelFitsSchema = (s: ServerConfig): Parsed => s;
const _schemaFitsModel = (s: Parsed): ServerConfig => s;

/** A problem at a field, e.g. { path: 'servers[0].port', message: 'Too big: expected number to be <=65535' }. */
export interface FieldError {
  path: string;
  message: string;
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(top level)';
}

export function fieldErrors(error: z.ZodError, prefix: PropertyKey[] = []): FieldError[] {
  return error.issues.map((issue) => ({
    path: formatPath([...prefix, ...issue.path]),
    message: issue.message,
  }));
}

export function describeFieldErrors(errors: FieldError[]): string {
  return errors.map((e) => `${e.path}: ${e.message}`).join('; ');
}
