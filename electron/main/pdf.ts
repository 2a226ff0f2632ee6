import fs from 'node:fs/promises';
import type { BrowserWindow, Dialog } from 'electron';

/**
 * Saves the page the window shows (the runbook view, with its print stylesheet) as a PDF, where the
 * engineer chooses. Resolves to null when they cancel the dialog.
 */
export async function printRunbookPdf(
  window: BrowserWindow,
  dialog: Pick<Dialog, 'showSaveDialog'>,
  runbook: { id: string; title: string },
): Promise<{ path: string | null }> {
  const { canceled, filePath } = await dialog.showSaveDialog(window, {
    title: `Exporter « ${runbook.title} » en PDF`,
    defaultPath: `${runbook.id}.pdf`,
    filters: [{ name: 'PDF', extensions: ['pdf'] }],
  });
  if (canceled || !filePath) return { path: null };
  const data = await window.webContents.printToPDF({
    printBackground: true,
    pageSize: 'A4',
    displayHeaderFooter: true,
    headerTemplate: '<span></span>',
    footerTemplate:
      '<div style="font-size:8px;width:100%;text-align:center"><span class="pageNumber"></span>/<span class="totalPages"></span></div>',
  });
  await fs.writeFile(filePath, data);
  return { path: filePath };
}
