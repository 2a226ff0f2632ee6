import { useCallback, useState } from 'react';
import type { SearchHit } from '../api';
import { useI18n } from '../i18n';
import { HistoryPage } from '../history/HistoryPage';
import { RunRecordPage } from '../history/RunRecordPage';
import { LibraryPage } from '../library/LibraryPage';
import { ServersPage } from '../servers/ServersPage';
import { RunbookPage } from '../library/RunbookPage';
import { AdhocTerminalPage } from '../run/AdhocTerminalPage';
import { RunFormPage } from '../run/RunFormPage';
import { RunPage } from '../run/RunPage';
import { ConnectionBanner } from './ConnectionBanner';
import { Header } from './Header';
import { sectionOf, type Route } from './routes';
import { SettingsDialog } from './SettingsDialog';
import { Sidebar } from './Sidebar';
import { useHashRoute } from './useHashRoute';

/** The shell: sidebar, header with search, and the view for the current route. */
export function App() {
  const { t } = useI18n();
  const [{ route, visit }, navigate] = useHashRoute();
  const [settingsOpen, setSettingsOpen] = useState(false);
  // Bumped when the host is back after a loss: the view is mounted again, so it fetches fresh data (a run
  // page then replays its terminals from their transcripts and shows the run's state as it is now).
  const [epoch, setEpoch] = useState(0);
  const onReconnected = useCallback((count: number) => setEpoch(count), []);

  const openHit = (hit: SearchHit) => {
    const anchor = hit.stepName ?? hit.sectionId;
    navigate(
      anchor
        ? { view: 'runbook', runbookId: hit.runbookId, anchor }
        : { view: 'runbook', runbookId: hit.runbookId },
    );
  };

  return (
    <div className="app">
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}
      >
        {t('nav.skip')}
      </a>
      <Sidebar current={sectionOf(route)} onOpenSettings={() => setSettingsOpen(true)} />
      <div className="app-main">
        <Header onOpenHit={openHit} onOpenSettings={() => setSettingsOpen(true)} />
        <ConnectionBanner onReconnected={onReconnected} />
        <main id="main" className="app-content" tabIndex={-1} data-view={route.view}>
          <View key={epoch} route={route} visit={visit} />
        </main>
      </div>
      <SettingsDialog open={settingsOpen} onClose={() => setSettingsOpen(false)} />
    </div>
  );
}

function View({ route, visit }: { route: Route; visit: number }) {
  const { t } = useI18n();
  switch (route.view) {
    case 'procedures':
      return <LibraryPage />;
    case 'runbook':
      return <RunbookPage runbookId={route.runbookId} anchor={route.anchor} visit={visit} />;
    case 'servers':
      return <ServersPage />;
    case 'history':
      return <HistoryPage />;
    case 'run-record':
      return <RunRecordPage key={route.runId} runId={route.runId} />;
    case 'run-form':
      return <RunFormPage runbookId={route.runbookId} />;
    case 'run':
      return <RunPage key={route.runId} runId={route.runId} />;
    case 'terminal':
      return <AdhocTerminalPage key={route.serverId} serverId={route.serverId} />;
    case 'not-found':
      return (
        <section className="page">
          <h1 className="page-title">{t('notFound.title')}</h1>
          <p className="page-intro">{t('notFound.body')}</p>
        </section>
      );
  }
}
