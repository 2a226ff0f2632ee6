import { useMemo, useState } from 'react';
import { api, type ExportedFile, type RunDetail, type ServerRole } from '../api';
import { runReasonText } from '../app/recordedText';
import { formatRoute } from '../app/routes';
import { useLoad } from '../app/useLoad';
import { useI18n } from '../i18n';
import { Badge, Button, useToast } from '../ui';
import { downloadFile } from './download';
import { canResume, formatDuration } from './filters';
import { OutcomeBadge } from './OutcomeBadge';
import { recordedRun } from './runSteps';
import { RecordedStepItem } from './RecordedStepItem';
import { TranscriptPlayer, type ReplayRequest } from './TranscriptPlayer';
import { VerifyPanel } from './VerifyPanel';
import { LoadStatus } from '../app/LoadStatus';
import './history.css';

const ROLE_ORDER: ServerRole[] = ['app', 'db', 'web', 'backup'];
const FORMATS: Array<{
  format: 'markdown' | 'html' | 'json';
  label: 'hist.export.markdown' | 'hist.export.html' | 'hist.export.json';
}> = [
  { format: 'markdown', label: 'hist.export.markdown' },
  { format: 'html', label: 'hist.export.html' },
  { format: 'json', label: 'hist.export.json' },
];

/** One recorded run: summary, journal check, steps with their output, terminal replay, export and resume. */
export function RunRecordPage({ runId }: { runId: string }) {
  const { t } = useI18n();
  const [detail, reload] = useLoad(() => api.getRun({ runId }), `run/${runId}`);
  return (
    <section className="page run-record-page" aria-labelledby="run-record-title">
      <a className="run-record-back" href={formatRoute({ view: 'history' })}>
        ← {t('hist.run.back')}
      </a>
      <LoadStatus
        load={detail}
        loadingText={t('hist.run.loading')}
        errorText={({ message, code }) =>
          code === 'not-found' ? t('hist.run.notFound', { runId }) : message
        }
        retryText={t('hist.retry')}
        onRetry={reload}
      />
      {detail.status === 'ready' ? <RunRecord detail={detail.value} /> : null}
    </section>
  );
}

function RunRecord({ detail }: { detail: RunDetail }) {
  const { t, language } = useI18n();
  const notify = useToast();
  const { summary } = detail;
  const run = useMemo(() => recordedRun(detail.events), [detail.events]);
  const [replay, setReplay] = useState<ReplayRequest | undefined>();
  const [resuming, setResuming] = useState(false);
  const roles = useMemo(() => {
    const used = new Set<ServerRole>();
    for (const s of summary.servers)
      if (ROLE_ORDER.includes(s.role as ServerRole)) used.add(s.role as ServerRole);
    for (const s of run.steps) if (s.target) used.add(s.target);
    return ROLE_ORDER.filter((r) => used.has(r));
  }, [summary.servers, run.steps]);
  const started = summary.startedAt
    ? new Intl.DateTimeFormat(language, { dateStyle: 'full', timeStyle: 'medium' }).format(
        new Date(summary.startedAt),
      )
    : '—';

  const exportAs = async (format: 'markdown' | 'html' | 'json') => {
    try {
      const file: ExportedFile = await api.exportRun({ runId: summary.runId, format });
      downloadFile(file);
      notify(t('hist.export.done', { file: file.fileName }), 'success');
    } catch (error) {
      notify(
        t('hist.export.failed', { message: error instanceof Error ? error.message : String(error) }),
        'error',
      );
    }
  };

  const resume = async () => {
    if (!summary.runbookId) return;
    setResuming(true);
    try {
      // Secrets are read again from the keychain by the backend; non-secret values come from the journal.
      const state = await api.startRun({
        runbookId: summary.runbookId,
        variables: {},
        resumeFrom: summary.runId,
      });
      window.location.hash = formatRoute({ view: 'run', runId: state.runId });
    } catch (error) {
      notify(
        t('hist.resume.failed', { message: error instanceof Error ? error.message : String(error) }),
        'error',
      );
      setResuming(false);
    }
  };

  return (
    <>
      <header className="page-header run-record-header">
        <div className="run-record-heading">
          <h1 id="run-record-title" className="page-title">
            {summary.title ?? t('hist.untitled')}
          </h1>
          <OutcomeBadge run={summary} />
          {summary.live ? <span className="tag tag-live">{t('hist.live')}</span> : null}
        </div>
        <dl className="run-record-facts">
          <dt>{t('hist.run.id')}</dt>
          <dd>
            <code>{summary.runId}</code>
          </dd>
          <dt>{t('hist.run.operator')}</dt>
          <dd>{summary.operator ?? '—'}</dd>
          <dt>{t('hist.run.started')}</dt>
          <dd>{started}</dd>
          <dt>{t('hist.run.duration')}</dt>
          <dd>{formatDuration(summary.durationMs, language)}</dd>
          <dt>{t('hist.run.servers')}</dt>
          <dd className="run-record-servers">
            {summary.servers.map((s) => (
              <span key={s.role} className="run-record-server">
                {ROLE_ORDER.includes(s.role as ServerRole) ? <Badge role={s.role as ServerRole} /> : s.role}
                <code>{s.host}</code>
              </span>
            ))}
          </dd>
        </dl>
        {run.reason ? (
          <p className="run-record-reason">
            {t('hist.run.reason', { reason: runReasonText(t, run.reason) })}
          </p>
        ) : null}
      </header>

      <VerifyPanel runId={summary.runId} />

      {canResume(summary) ? (
        <div className="run-record-resume">
          <p>
            {run.resumeFrom ? t('hist.resume.hint', { step: run.resumeFrom }) : t('hist.resume.hintNoStep')}
          </p>
          <Button variant="primary" onClick={() => void resume()} disabled={resuming}>
            {t('hist.resume')}
          </Button>
        </div>
      ) : null}

      <div className="run-record-exports" role="group" aria-label={t('hist.export')}>
        <span className="run-record-exports-label">{t('hist.export')}</span>
        {FORMATS.map(({ format, label }) => (
          <Button key={format} size="sm" onClick={() => void exportAs(format)}>
            {t(label)}
          </Button>
        ))}
      </div>

      <section aria-labelledby="run-steps-title">
        <h2 id="run-steps-title" className="run-record-h2">
          {t('hist.steps')}
        </h2>
        <ol className="run-record-steps">
          {run.steps.map((step, index) => (
            <RecordedStepItem
              key={step.name}
              step={step}
              index={index + 1}
              onReplay={
                step.target && step.status !== 'pending'
                  ? () => setReplay({ role: step.target!, step: step.name, nonce: Date.now() })
                  : undefined
              }
            />
          ))}
        </ol>
      </section>

      {roles.length > 0 ? <TranscriptPlayer runId={summary.runId} roles={roles} request={replay} /> : null}
    </>
  );
}
