import { useEffect, useId, useState } from 'react';
import { api, type FilePreview } from '../api';
import { useI18n } from '../i18n';
import { Button, Dialog } from '../ui';

/** Skipping is journaled with its reason, so the reason is required (the engine refuses an empty one too). */
export function SkipDialog({
  step,
  onCancel,
  onSkip,
}: {
  step: string | undefined;
  onCancel: () => void;
  onSkip: (reason: string) => Promise<void>;
}) {
  const { t } = useI18n();
  const id = useId();
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setReason('');
    setTried(false);
  }, [step]);
  const missing = reason.trim() === '';
  const submit = async () => {
    setTried(true);
    if (missing) return;
    setBusy(true);
    try {
      await onSkip(reason.trim());
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open={step !== undefined}
      title={t('run.skipTitle', { step: step ?? '' })}
      onClose={onCancel}
      footer={
        <>
          <Button onClick={onCancel}>{t('run.cancel')}</Button>
          <Button variant="danger" disabled={busy} onClick={() => void submit()}>
            {t('run.skipConfirm')}
          </Button>
        </>
      }
    >
      <div className={`field${tried && missing ? ' field-invalid' : ''}`}>
        <label className="field-label" htmlFor={id}>
          {t('run.skipReason')}
        </label>
        <textarea
          id={id}
          className="field-input run-textarea"
          rows={3}
          value={reason}
          aria-invalid={tried && missing ? true : undefined}
          aria-describedby={tried && missing ? `${id}-error` : undefined}
          onChange={(e) => setReason(e.target.value)}
        />
        {tried && missing ? (
          <p id={`${id}-error`} className="field-error" role="alert">
            {t('run.skipReasonRequired')}
          </p>
        ) : null}
      </div>
    </Dialog>
  );
}

/** A unified diff with added and removed lines coloured (and marked by +/-, never colour alone). */
export function DiffView({ diff }: { diff: string }) {
  const lines = diff.split('\n');
  return (
    <pre className="run-diff" aria-label="diff">
      {lines.map((line, i) => {
        const kind =
          line.startsWith('+++') || line.startsWith('---') || line.startsWith('===')
            ? 'meta'
            : line.startsWith('@@')
              ? 'hunk'
              : line.startsWith('+')
                ? 'add'
                : line.startsWith('-')
                  ? 'del'
                  : 'ctx';
        return (
          <span key={i} className={`run-diff-${kind}`}>
            {line}
            {'\n'}
          </span>
        );
      })}
    </pre>
  );
}

/** Reads the server's current file and shows what installing the step would change. */
export function FileDiff({ runId, step }: { runId: string; step: string }) {
  const { t } = useI18n();
  const [preview, setPreview] = useState<
    { status: 'loading' } | { status: 'ready'; value: FilePreview } | { status: 'error'; message: string }
  >({ status: 'loading' });
  useEffect(() => {
    let live = true;
    api.previewFile({ runId, step }).then(
      (value) => live && setPreview({ status: 'ready', value }),
      (error: unknown) => live && setPreview({ status: 'error', message: (error as Error).message }),
    );
    return () => {
      live = false;
    };
  }, [runId, step]);
  if (preview.status === 'loading') return <p className="run-muted">{t('run.diffLoading')}</p>;
  if (preview.status === 'error')
    return (
      <p className="field-error" role="alert">
        {t('run.diffError', { message: preview.message })}
      </p>
    );
  const { value } = preview;
  return (
    <div className="run-file-diff" data-testid="file-diff">
      <p className="run-muted">
        {!value.existed ? t('run.diffNew') : !value.changed ? t('run.diffSame') : t('run.confirmDiff')}
      </p>
      {value.changed ? <DiffView diff={value.diff} /> : null}
    </div>
  );
}

export interface PendingConfirmation {
  step: string;
  prompt?: string;
  command: string;
  kind: 'shell' | 'file' | 'manual';
}

/** The exact (masked) command of a `confirm` step, or the file and its diff, before it runs. */
export function ConfirmDialog({
  runId,
  pending,
  onCancel,
  onConfirm,
}: {
  runId: string;
  pending: PendingConfirmation | undefined;
  onCancel: () => void;
  onConfirm: () => Promise<void>;
}) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  return (
    <Dialog
      open={pending !== undefined}
      title={t('run.confirmTitle', { step: pending?.step ?? '' })}
      onClose={onCancel}
      footer={
        <>
          <Button onClick={onCancel}>{t('run.cancel')}</Button>
          <Button
            variant="primary"
            disabled={busy}
            onClick={() => {
              setBusy(true);
              void onConfirm().finally(() => setBusy(false));
            }}
          >
            {t('run.confirmRun')}
          </Button>
        </>
      }
    >
      {pending ? (
        <div className="run-confirm">
          {pending.prompt ? <p className="run-confirm-prompt">{pending.prompt}</p> : null}
          <p className="field-label">
            {pending.kind === 'file' ? t('run.confirmFile') : t('run.confirmCommand')}
          </p>
          <pre className="run-command">{pending.command}</pre>
          {pending.kind === 'file' ? <FileDiff runId={runId} step={pending.step} /> : null}
        </div>
      ) : null}
    </Dialog>
  );
}

export function DiffDialog({ runId, step, onClose }: { runId: string; step?: string; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <Dialog open={step !== undefined} title={t('run.previewDiff')} onClose={onClose}>
      {step ? <FileDiff runId={runId} step={step} /> : null}
    </Dialog>
  );
}

export function AbortDialog({
  open,
  onCancel,
  onAbort,
}: {
  open: boolean;
  onCancel: () => void;
  onAbort: (reason: string) => Promise<void>;
}) {
  const { t } = useI18n();
  const id = useId();
  const [reason, setReason] = useState('');
  return (
    <Dialog
      open={open}
      title={t('run.abortTitle')}
      onClose={onCancel}
      footer={
        <>
          <Button onClick={onCancel}>{t('run.cancel')}</Button>
          <Button variant="danger" onClick={() => void onAbort(reason.trim())}>
            {t('run.abortConfirm')}
          </Button>
        </>
      }
    >
      <p>{t('run.abortBody')}</p>
      <div className="field">
        <label className="field-label" htmlFor={id}>
          {t('run.abortReason')}
        </label>
        <input id={id} className="field-input" value={reason} onChange={(e) => setReason(e.target.value)} />
      </div>
    </Dialog>
  );
}
