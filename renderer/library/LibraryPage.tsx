import { api, type RunbookSummary } from '../api';
import { formatRoute } from '../app/routes';
import { useLoad } from '../app/useLoad';
import { useI18n } from '../i18n';
import { Badge, useRovingList } from '../ui';
import { groupByChapter } from './chapters';
import { LoadStatus } from '../app/LoadStatus';

/** Every runbook shipped with the app, grouped by the dossier's chapters. */
export function LibraryPage() {
  const { t } = useI18n();
  const [runbooks, reload] = useLoad(() => api.listRunbooks(), 'library');
  const onKeyDown = useRovingList<HTMLDivElement>();

  return (
    <section className="page library-page" aria-labelledby="library-title">
      <header className="page-header">
        <h1 id="library-title" className="page-title">
          {t('library.title')}
        </h1>
        <p className="page-intro">{t('library.intro')}</p>
      </header>
      <LoadStatus
        load={runbooks}
        loadingText={t('library.loading')}
        errorText={({ message }) => t('library.error', { message })}
        retryText={t('library.retry')}
        onRetry={reload}
      />
      {runbooks.status === 'ready' && runbooks.value.length === 0 ? (
        <p className="page-status">{t('library.empty')}</p>
      ) : null}
      {runbooks.status === 'ready' ? (
        <div className="library-groups" onKeyDown={onKeyDown}>
          {groupByChapter(runbooks.value).map((group) => (
            <section
              key={group.chapter}
              className="library-group"
              aria-labelledby={`chapter-${group.chapter || 'other'}`}
            >
              <h2 id={`chapter-${group.chapter || 'other'}`} className="library-group-title">
                {group.chapter.includes('-')
                  ? t('library.chapterRange', { chapter: group.chapter })
                  : group.chapter
                    ? t('library.chapter', { chapter: group.chapter })
                    : t('library.otherChapter')}
              </h2>
              <ul className="library-list">
                {group.runbooks.map((runbook) => (
                  <li key={runbook.id}>
                    <RunbookListItem runbook={runbook} />
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </div>
      ) : null}
    </section>
  );
}

function RunbookListItem({ runbook }: { runbook: RunbookSummary }) {
  const { t } = useI18n();
  return (
    <a
      className="runbook-item"
      href={formatRoute({ view: 'runbook', runbookId: runbook.id })}
      data-roving-item
    >
      <span className="runbook-item-chapter" aria-hidden="true">
        {runbook.chapter || '·'}
      </span>
      <span className="runbook-item-main">
        <span className="runbook-item-title">{runbook.title}</span>
        {runbook.summary ? <span className="runbook-item-summary">{runbook.summary}</span> : null}
        <span className="runbook-item-meta">
          {runbook.servers.length > 0 ? (
            <span className="runbook-item-badges" aria-label={t('library.servers')}>
              {runbook.servers.map((role) => (
                <Badge key={role} role={role} />
              ))}
            </span>
          ) : null}
          <span className="runbook-item-count">{t('library.steps', { count: runbook.stepCount })}</span>
          {runbook.errors > 0 ? (
            <span className="tag tag-error">{t('library.problems', { count: runbook.errors })}</span>
          ) : null}
        </span>
      </span>
      <span className="runbook-item-chevron" aria-hidden="true">
        ›
      </span>
    </a>
  );
}
