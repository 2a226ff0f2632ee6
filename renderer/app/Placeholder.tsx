import type { ReactNode } from 'react';
import { useI18n, type MessageKey } from '../i18n';
import { formatRoute } from './routes';

/** An honest empty view for what is not built yet: says what will come, shows no fake data. */
export function PlaceholderView({
  icon,
  title,
  soon,
  now,
}: {
  icon: ReactNode;
  title: MessageKey;
  soon: MessageKey;
  now: MessageKey;
}) {
  const { t } = useI18n();
  return (
    <section className="page placeholder-page" aria-labelledby="placeholder-title">
      <div className="placeholder-card">
        <div className="placeholder-icon" aria-hidden="true">
          {icon}
        </div>
        <h1 id="placeholder-title" className="placeholder-title">
          {t(title)}
        </h1>
        <p className="placeholder-text">{t(soon)}</p>
        <p className="placeholder-subtext">{t(now)}</p>
        <a className="btn btn-secondary" href={formatRoute({ view: 'procedures' })}>
          {t('placeholder.goLibrary')}
        </a>
      </div>
    </section>
  );
}
