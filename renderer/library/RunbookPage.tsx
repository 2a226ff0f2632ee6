import { useMemo, useState } from 'react';
import { api, type RunbookDetail } from '../api';
import { ArrowLeftIcon } from '../app/icons';
import { formatRoute } from '../app/routes';
import { useLoad } from '../app/useLoad';
import { useI18n } from '../i18n';
import { Badge } from '../ui';
import { Outline } from './Outline';
import { PrintButton } from './PrintButton';
import { RunbookContent } from './RunbookContent';
import { previewValues } from './variableValues';
import { VariablesPanel } from './VariablesPanel';
import '../run/run.css';

interface RunbookPageProps {
  runbookId: string;
  anchor?: string;
  visit: number;
}

/** One runbook: outline, the rendered procedure with its step cards, and the variables panel. */
export function RunbookPage({ runbookId, anchor, visit }: RunbookPageProps) {
  const { t } = useI18n();
  const [runbook] = useLoad(() => api.getRunbook({ id: runbookId }), runbookId);

  if (runbook.status === 'loading') return <p className="page page-status">{t('runbook.loading')}</p>;
  if (runbook.status === 'error') {
    return (
      <section className="page">
        <div className="page-error" role="alert">
          <p>{runbook.code === 'not-found' ? t('runbook.notFound', { id: runbookId }) : runbook.message}</p>
          <a href={formatRoute({ view: 'procedures' })}>{t('runbook.back')}</a>
        </div>
      </section>
    );
  }
  // Keyed by id so the typed preview values never leak from one runbook to another.
  return <RunbookView key={runbook.value.id} runbook={runbook.value} anchor={anchor} visit={visit} />;
}

function RunbookView({ runbook, anchor, visit }: { runbook: RunbookDetail; anchor?: string; visit: number }) {
  const { t } = useI18n();
  const [typed, setTyped] = useState<Record<string, string>>({});
  const values = useMemo(() => previewValues(runbook.variables, typed), [runbook.variables, typed]);
  const currentSection = anchor
    ? (runbook.steps.find((s) => s.name === anchor)?.sectionId ?? anchor)
    : undefined;

  return (
    <article className="runbook-page" aria-labelledby="runbook-title">
      <header className="runbook-header">
        <a className="runbook-back" href={formatRoute({ view: 'procedures' })}>
          <ArrowLeftIcon />
          {t('runbook.back')}
        </a>
        <div className="runbook-header-row">
          <div className="runbook-heading">
            <p className="runbook-eyebrow">
              {t('runbook.chapter', { chapter: runbook.chapter })} ·{' '}
              {t('runbook.stepCount', { count: runbook.steps.length })}
            </p>
            <h1 id="runbook-title" className="runbook-title">
              {runbook.title}
            </h1>
            {runbook.summary ? <p className="runbook-summary">{runbook.summary}</p> : null}
            <div className="runbook-servers" aria-label={t('library.servers')}>
              {runbook.servers.map((role) => (
                <Badge key={role} role={role} />
              ))}
            </div>
          </div>
          <div className="runbook-actions">
            <a
              className="btn btn-primary btn-md"
              href={formatRoute({ view: 'run-form', runbookId: runbook.id })}
            >
              {t('run.start')}
            </a>
            <PrintButton runbookId={runbook.id} />
          </div>
        </div>
      </header>
      <div className="runbook-layout">
        <aside className="runbook-outline-column">
          <Outline runbookId={runbook.id} sections={runbook.sections} current={currentSection} />
        </aside>
        <div className="runbook-content-column">
          <Diagnostics runbook={runbook} />
          <RunbookContent runbook={runbook} values={values} anchor={anchor} visit={visit} />
          <p className="runbook-source">{t('runbook.file', { file: runbook.file })}</p>
        </div>
        <aside className="runbook-variables-column">
          <VariablesPanel
            variables={runbook.variables}
            values={typed}
            onChange={(name, value) => setTyped((v) => ({ ...v, [name]: value }))}
            onClear={() => setTyped({})}
          />
        </aside>
      </div>
    </article>
  );
}

/** Lint errors found by the backend, each with its file:line, so a broken runbook is never shown as fine. */
function Diagnostics({ runbook }: { runbook: RunbookDetail }) {
  const { t } = useI18n();
  const errors = runbook.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length === 0) return null;
  return (
    <div className="runbook-problems" role="alert">
      <p>{t('runbook.problems')}</p>
      <ul>
        {errors.map((d, i) => (
          <li key={i}>
            <code>
              {d.file}:{d.line}:{d.col}
            </code>{' '}
            {d.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
