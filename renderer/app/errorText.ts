import { ApiError } from '../api';
import type { Translate } from '../i18n';

/**
 * The sentence to show for a failed call, in the UI's language. Errors made by the transport itself (the
 * browser-mode socket closed) are known by their code and translated here; the backend's
 * own sentences name the step or field at fault and are shown as they are.
 */
export function errorText(t: Translate, error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'disconnected') return t('error.disconnected');
  }
  return error instanceof Error ? error.message : String(error);
}
