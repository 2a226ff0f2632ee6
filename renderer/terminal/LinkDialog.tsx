import { useState } from 'react';
import { checkExternalLink } from '../../electron/core/contract/external-link';
import { useI18n } from '../i18n';
import { Button, Dialog } from '../ui';

interface LinkDialogProps {
  /** The link's target as the terminal gave it (an OSC 8 hyperlink's URI, or a URL found in the text). */
  uri: string;
  onClose: () => void;
}

/**
 * Shown when a terminal link is clicked, before anything opens. A link in a terminal is text from a remote
 * server: an OSC 8 hyperlink can show "https://oc-pizzas.com/admin" and point anywhere. So the dialog shows
 * where it really goes, scheme and host first and highlighted, then the full URL, and opens it only on an
 * explicit "Open". Only http, https and mailto are offered (core/contract/external-link.ts); anything else is
 * refused with its scheme. Focus starts on the dialog's first control, never on "Open", so Enter alone does
 * not open a link; Esc cancels.
 */
export function LinkDialog({ uri, onClose }: LinkDialogProps) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const link = checkExternalLink(uri);
  const copy = (text: string) =>
    void navigator.clipboard?.writeText(text).then(
      () => setCopied(true),
      () => undefined,
    );

  if (!link.ok) {
    return (
      <Dialog
        open
        title={t('termLink.refusedTitle')}
        onClose={onClose}
        footer={<Button onClick={onClose}>{t('dialog.close')}</Button>}
      >
        <p role="alert">
          {link.reason === 'scheme'
            ? t('termLink.refusedScheme', { scheme: link.scheme ?? '' })
            : t('termLink.refusedInvalid')}
        </p>
        <div className="link-dialog-field">
          <p className="link-dialog-label">{t('termLink.raw')}</p>
          <code className="link-dialog-url">{uri}</code>
        </div>
      </Dialog>
    );
  }

  const open = () => {
    // Electron: the main process checks the link again, then hands it to the system browser
    // (electron/main/security.ts). Browser mode: a new tab that cannot reach back to this page.
    window.open(link.href, '_blank', 'noopener,noreferrer');
    onClose();
  };
  return (
    <Dialog
      open
      title={t('termLink.title')}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>{t('termLink.cancel')}</Button>
          <Button onClick={() => copy(link.href)}>{t('termLink.copy')}</Button>
          <Button variant="primary" onClick={open}>
            {t('termLink.open')}
          </Button>
        </>
      }
    >
      <p>{t('termLink.intro')}</p>
      <p className="link-dialog-target" data-testid="link-target">
        <mark>
          {link.scheme}
          {link.scheme === 'mailto:' ? '' : '//'}
          {link.target}
        </mark>
      </p>
      <div className="link-dialog-field">
        <p className="link-dialog-label">{t('termLink.fullUrl')}</p>
        <code className="link-dialog-url" data-testid="link-url">
          {link.href}
        </code>
      </div>
      <p className="link-dialog-status" aria-live="polite">
        {copied ? t('termLink.copied') : ''}
      </p>
    </Dialog>
  );
}
