import { useMemo, useState } from 'react';
import { api, type RunSummary } from '../api';
import { formatRoute } from '../app/routes';
import { useLoad } from '../app/useLoad';
import { useI18n, type MessageKey } from '../i18n';
import { Badge, Button } from '../ui';
import {
  filterRuns,
  formatDuration,
  isAdhoc,
  NO_FILTERS,
  OUTCOMES,
  runbookOptions,
  type RunFilters,
} from './filters';
import { RecordBadge } from './RecordBadge';
import { OutcomeBadge } from './OutcomeBadge';
import { LoadStatus } from '../app/LoadStatus';
import './history.css';

const OUTCOME_KEYS: Record<RunSummary['outcome'], MessageKey> = {
  succeeded: 'outcome.succeeded',
  failed: 'outcome.failed',
  aborted: 'outcome.aborted',
  interrupted: 'outcome.interrupted',
};

/** Every recorded run, newest first, with filters; a row opens the run's page. */
export function HistoryPage() {
  const { t, language } = useI18n();
  const [runs, reload] = useLoad(() => api.listRuns(), 'history');
  const [filters, setFilters] = useState<RunFilters>(NO_FILTERS);
  const all = runs.status === 'ready' ? runs.value : [];
  const shown = useMemo(() => filterRuns(all, filters), [all, filters]);
  const runbooks = useMemo(() => runbookOptions(all), [all]);
  const dateFormat = useMemo(
    () => new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }),
    [language],
  );
  const set = (patch: Partial<RunFilters>) => setFilters((f) => ({ ...f, ...patch }));
  const filtered = filters !== NO_FILTERS && (filters.runbook || filters.outcome || filters.text);

  return (
    <section className="page history-page" aria-labelledby="history-title">
      <header className="page-header">
        <h1 id="history-title" className="page-title">
          {t('history.title')}
        </h1>
        <p className="page-intro">{t('hist.intro')}</p>
      </header>
      <LoadStatus
        load={runs}
        loadingText={t('hist.loading')}
        errorText={({ message }) => t('hist.error', { message })}
        retryText={t('hist.retry')}
        onRetry={reload}
      />
      {runs.status === 'ready' && all.length === 0 ? <p className="page-status">{t('hist.empty')}</p> : null}
      {runs.status === 'ready' && all.length > 0 ? (
        <>
          <form
            className="history-filters"
            role="search"
            aria-label={t('hist.filter.label')}
            onSubmit={(e) => e.preventDefault()}
          >
            <label className="history-filter grow">
              <span className="field-label">{t('hist.filter.text')}</span>
              <input
                className="field-input"
                type="search"
                value={filters.text}
                placeholder={t('hist.filter.textPlaceholder')}
                onChange={(e) => set({ text: e.target.value })}
              />
            </label>
            <label className="history-filter">
              <span className="field-label">{t('hist.filter.runbook')}</span>
              <select
                className="field-input"
                value={filters.runbook}
                onChange={(e) => set({ runbook: e.target.value })}
              >
                <option value="">{t('hist.filter.all')}</option>
                {runbooks.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.title}
                  </option>
                ))}
              </select>
            </label>
            <label className="history-filter">
              <span className="field-label">{t('hist.filter.outcome')}</span>
              <select
                className="field-input"
                value={filters.outcome}
                onChange={(e) => set({ outcome: e.target.value as RunFilters['outcome'] })}
              >
                <option value="">{t('hist.filter.all')}</option>
                {OUTCOMES.map((o) => (
                  <option key={o} value={o}>
                    {t(OUTCOME_KEYS[o])}
                  </option>
                ))}
              </select>
            </label>
            <Button variant="ghost" onClick={() => setFilters(NO_FILTERS)} disabled={!filtered}>
              {t('hist.filter.clear')}
            </Button>
          </form>
          <p className="history-count" aria-live="polite">
            {t('hist.count', { shown: shown.length, total: all.length })}
          </p>
          {shown.length === 0 ? (
            <p className="page-status">{t('hist.noMatch')}</p>
          ) : (
            <div className="history-table-wrap">
              <table className="history-table">
                <thead>
                  <tr>
                    <th scope="col">{t('hist.col.runbook')}</th>
                    <th scope="col">{t('hist.col.operator')}</th>
                    <th scope="col">{t('hist.col.servers')}</th>
                    <th scope="col">{t('hist.col.start')}</th>
                    <th scope="col">{t('hist.col.duration')}</th>
                    <th scope="col">{t('hist.col.outcome')}</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((run) => (
                    <tr key={run.runId}>
                      <td>
                        <a
                          className="history-run-link"
                          href={formatRoute({ view: 'run-record', runId: run.runId })}
                        >
                          {isAdhoc(run) ? <span className="tag">{t('hist.adhoc')}</span> : null}{' '}
                          {run.title ?? t('hist.untitled')}
                        </a>
                        <span className="history-run-id">{run.runId}</span>
                        {run.resumedFrom ? (
                          <span className="history-run-id">
                            {t('hist.resumes', { runId: run.resumedFrom })}
                          </span>
                        ) : null}
                      </td>
                      <td>{run.operator ?? '—'}</td>
                      <td>
                        <span className="history-servers">
                          {run.servers.map((s) => (
                            <span key={s.role} className="history-server" title={s.host}>
                              {isRole(s.role) ? <Badge role={s.role} /> : s.role}
                            </span>
                          ))}
                        </span>
                      </td>
                      <td className="nowrap">
                        {run.startedAt ? dateFormat.format(new Date(run.startedAt)) : '—'}
                      </td>
                      <td className="nowrap">{formatDuration(run.durationMs, language)}</td>
                      <td>
                        <span className="history-outcome">
                          <OutcomeBadge run={run} />
                          {run.live ? <span className="tag tag-live">{t('hist.live')}</span> : null}
                          <RecordBadge record={run.record} />
                        </span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ) : null}
    </section>
  );
}

function isRole(role: string): role is 'app' | 'db' | 'web' | 'backup' {
  return role === 'app' || role === 'db' || role === 'web' || role === 'backup';
}
