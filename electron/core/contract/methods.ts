/**
 * The method table and the one input check that both transports call (electron/main/ipc.ts and
 * electron/web/dispatcher.ts go through electron/core/backend/dispatch.ts, which calls validateInput).
 */
import type { z } from 'zod';
import type { InputOf } from './api';
import { ApiError, isMethodName, METHOD_NAMES, type MethodName } from './names';
import { inputSchemas, type ParsedInput } from './schemas';

export interface MethodSpec<K extends MethodName> {
  input: z.ZodType<InputOf<K>>;
}

/** One entry per contract method; the mapped type makes a missing or mistyped schema a compile error. */
export const methods: { [K in MethodName]: MethodSpec<K> } = Object.fromEntries(
  METHOD_NAMES.map((name) => [name, { input: inputSchemas[name] }]),
) as unknown as { [K in MethodName]: MethodSpec<K> };

// The cast above is sound because of these two checks: the schemas cover exactly the contract's methods,
// and every schema's output is assignable to the api's input type.
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameNames: Exactly<keyof typeof inputSchemas, MethodName> = true;
const schemasMatchApi: { [K in MethodName]: z.ZodType<InputOf<K>> } = inputSchemas;
void sameNames;
void schemasMatchApi;

/** "startRun: variables.db_name: Invalid input: expected string, received number" — names the field. */
function describeIssues(method: string, error: z.ZodError): string {
  const lines = error.issues.map((issue) => {
    const where = issue.path.length > 0 ? issue.path.map(String).join('.') : 'input';
    return `${where}: ${issue.message}`;
  });
  return `Invalid input for ${method}: ${lines.join('; ')}`;
}

/** Parses a method's raw input, or throws ApiError('invalid-input') whose message names the bad field. */
export function validateInput<K extends MethodName>(method: K, raw: unknown): ParsedInput<K>;
export function validateInput(method: string, raw: unknown): unknown;
export function validateInput(method: string, raw: unknown): unknown {
  if (!isMethodName(method)) throw new ApiError('unknown-method', `Unknown method "${String(method)}".`);
  const result = inputSchemas[method].safeParse(raw);
  if (!result.success) throw new ApiError('invalid-input', describeIssues(method, result.error));
  return result.data;
}
