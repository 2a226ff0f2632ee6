import { useEffect, useRef, useState } from 'react';
import { api, type AdhocTerminal } from '../api';
import { ArrowLeftIcon } from '../app/icons';
import { formatRoute } from '../app/routes';
import { useI18n } from '../i18n';
import { TerminalTabs } from '../terminal/TerminalTabs';
import { Button } from '../ui';
import './run.css';

type Session =
  { status: 'opening' } | { status: 'open'; terminal: AdhocTerminal } | { status: 'error'; message: string };

/**
 * "Ouvrir un terminal" on a server outside any run: `#/terminal/<serverId>`. The backend records it as an
 * ad-hoc run (journal + .cast) that the history lists. Closed when the page is left.
 */
export function AdhocTerminalPage({ serverId }: { serverId: string }) {
  const { t } = useI18n();
  const [session, setSession] = useState<Session>({ status: 'opening' });
  // React's StrictMode mounts twice in development: one session, closed only when the page really goes.
  const opened = useRef<Promise<AdhocTerminal> | null>(null);
  const closeTimer = useRef<number | undefined>(undefined);

  useEffect(() => {
    window.clearTimeout(closeTimer.current);
    if (!opened.current) {
      opened.current = api.openTerminal({ serverId });
      opened.current.catch(() => undefined);
    }
    let live = true;
    opened.current.then(
      (terminal) => live && setSession({ status: 'open', terminal }),
      (error: unknown) => live && setSession({ status: 'error', message: (error as Error).message }),
    );
    return () => {
      live = false;
      const pending = opened.current;
      closeTimer.current = window.setTimeout(() => {
        opened.current = null;
        void pending?.then((terminal) => api.closeTerminal({ runId: terminal.runId })).catch(() => undefined);
      }, 0);
    };
  }, [serverId]);

  const label = session.status === 'open' ? session.terminal.label : serverId;
  return (
    <section className="run-page run-adhoc" aria-labelledby="adhoc-title">
      <a className="runbook-back" href={formatRoute({ view: 'servers' })}>
        <ArrowLeftIcon />
        {t('nav.servers')}
      </a>
      <header className="run-header">
        <div className="run-header-text">
          <h1 id="adhoc-title" className="run-title">
            {t('term.adhocTitle', { server: label })}
          </h1>
          <p className="page-intro">{t('term.adhocIntro')}</p>
        </div>
        <div className="run-toolbar">
          <Button onClick={() => (window.location.hash = formatRoute({ view: 'servers' }))}>
            {t('term.close')}
          </Button>
        </div>
      </header>
      {session.status === 'opening' ? <p className="page-status">{t('term.opening')}</p> : null}
      {session.status === 'error' ? (
        <div className="run-alert run-alert-error" role="alert">
          {t('term.openFailed', { message: session.message })}
        </div>
      ) : null}
      {session.status === 'open' ? (
        <div className="run-adhoc-terminal">
          <TerminalTabs runId={session.terminal.runId} roles={[session.terminal.role]} />
        </div>
      ) : null}
    </section>
  );
}
