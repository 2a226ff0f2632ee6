import { useI18n } from '../i18n';
import { Button } from '../ui';
import type { Load } from './useLoad';

interface Props {
  load: Load<unknown>;
  loadingText: string;
  /** The error line, from the failure's message and code (e.g. a "not found" worded for the page). */
  errorText: (failure: { message: string; code?: string }) => string;
  retryText: string;
  onRetry: () => void;
}

/** What a page shows while its data loads, or when loading failed (with a retry): nothing once it is ready. */
export function LoadStatus({ load, loadingText, errorText, retryText, onRetry }: Props) {
  const { t } = useI18n();
  if (load.status === 'loading') return <p className="page-status">{loadingText}</p>;
  if (load.status === 'error') {
    return (
      <div className="page-error" role="alert">
        {/* The transport's own failure (the host stopped) is known by its code: said in the UI's language. */}
        <p>{load.code === 'disconnected' ? t('error.disconnected') : errorText(load)}</p>
        <Button onClick={onRetry}>{retryText}</Button>
      </div>
    );
  }
  return null;
}
