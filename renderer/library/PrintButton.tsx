import { api, transportKind } from '../api';
import { PrintIcon } from '../app/icons';
import { useI18n } from '../i18n';
import { Button, useToast } from '../ui';

/**
 * "Imprimer / PDF": in the desktop app the backend prints to a PDF file (exportRunbookPdf asks where to save
 * it); in browser mode the browser's print dialog does both (print, or "Save as PDF"). The print stylesheet
 * (styles/print.css) shapes the page either way.
 */
export function PrintButton({ runbookId }: { runbookId: string }) {
  const { t } = useI18n();
  const notify = useToast();
  const print = async () => {
    if (transportKind() !== 'electron') {
      window.print();
      return;
    }
    try {
      const { path } = await api.exportRunbookPdf({ id: runbookId });
      if (path) notify(t('runbook.printDone', { path }), 'success');
    } catch (error) {
      notify(
        t('runbook.printFailed', { message: error instanceof Error ? error.message : String(error) }),
        'error',
      );
    }
  };
  return (
    <Button variant="secondary" icon={<PrintIcon />} onClick={() => void print()} className="print-button">
      {t('runbook.print')}
    </Button>
  );
}
