import type { RunbookMethods } from '../contract/api';
import { validateInput } from '../contract/methods';
import { ApiError, type ApiErrorCode, type Envelope } from '../contract/names';

const PASSTHROUGH_CODES: ReadonlySet<string> = new Set<ApiErrorCode>([
  'host-key-unknown',
  'host-key-changed',
  'host-key-revoked',
  'auth-failed',
  'connect-timeout',
  'connect-failed',
  'secret-missing',
  'disconnected',
]);

/**
 * Any thrown value as the contract's error: ApiError as is, errors with a known code (SshError) keep it,
 * the rest become 'internal' with their message (messages in this codebase are written for the engineer
 * and never carry secrets; stacks stay in the backend's log).
 */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof code === 'string' && PASSTHROUGH_CODES.has(code))
    return new ApiError(code as ApiErrorCode, message);
  return new ApiError('internal', message);
}

/**
 * The one entry point of both transports (electron/main/ipc.ts, electron/web/dispatcher.ts): validates the
 * input against the contract's schema, calls the method, and returns an Envelope that never throws.
 */
export async function dispatch(api: RunbookMethods, method: string, raw: unknown): Promise<Envelope> {
  try {
    const input = validateInput(method, raw);
    const fn = api[method as keyof RunbookMethods] as (input: unknown) => Promise<unknown>;
    const result = await fn.call(api, input);
    return { ok: true, result };
  } catch (error) {
    const apiError = toApiError(error);
    if (apiError.code === 'internal') console.error(`runbook: ${method} failed:`, error);
    return { ok: false, error: { code: apiError.code, message: apiError.message } };
  }
}
