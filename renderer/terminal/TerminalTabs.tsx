import { useEffect, useState } from 'react';
import type { ServerRole } from '../api';
import { useI18n } from '../i18n';
import { badgeSpec } from '../ui/badgeSpec';
import { TerminalView } from './TerminalView';

interface TerminalTabsProps {
  runId: string;
  roles: readonly ServerRole[];
  /** The step running now, named in a banner above its server's terminal. */
  running?: { step: string; title: string; target?: ServerRole };
  /** A server to bring to the front (the running step's, or the failed one's). */
  focusRole?: ServerRole;
}

/** One tab per server of the run; every terminal stays mounted so no tab misses output while hidden. */
export function TerminalTabs({ runId, roles, running, focusRole }: TerminalTabsProps) {
  const { t } = useI18n();
  const [active, setActive] = useState<ServerRole | undefined>(roles[0]);
  useEffect(() => {
    if (focusRole && roles.includes(focusRole)) setActive(focusRole);
  }, [focusRole, roles]);
  const current = active && roles.includes(active) ? active : roles[0];

  if (roles.length === 0) return <p className="terminal-empty">{t('term.none')}</p>;
  return (
    <section className="terminal-panel" aria-label={t('term.title')}>
      <div className="terminal-tabs" role="tablist" aria-label={t('term.title')}>
        {roles.map((role) => (
          <button
            key={role}
            type="button"
            role="tab"
            id={`terminal-tab-${role}`}
            aria-selected={role === current}
            aria-controls={`terminal-panel-${role}`}
            className="terminal-tab"
            onClick={() => setActive(role)}
          >
            {badgeSpec({ role }, t).label}
          </button>
        ))}
        <span className="terminal-tabs-spacer" />
      </div>
      {running && running.target === current ? (
        <div className="terminal-banner" role="status">
          <span className="terminal-banner-dot" aria-hidden="true" />
          {t('term.runningStep')} <strong>{running.step}</strong>
          <span>— {running.title}</span>
        </div>
      ) : null}
      {roles.map((role) => (
        <div
          key={role}
          id={`terminal-panel-${role}`}
          role="tabpanel"
          aria-labelledby={`terminal-tab-${role}`}
          className="terminal-tabpanel"
          hidden={role !== current}
          style={{ display: role === current ? 'flex' : 'none', flex: 1, minHeight: 0 }}
        >
          <TerminalView
            runId={runId}
            role={role}
            visible={role === current}
            label={t('term.of', { server: badgeSpec({ role }, t).label })}
          />
        </div>
      ))}
    </section>
  );
}
