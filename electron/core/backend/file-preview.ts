import { createTwoFilesPatch } from 'diff';
import type { Inventory } from '../inventory/model';
import type { Plan } from '../runbook/bind';
import { serverSecrets, textRedactor } from '../run/run-secrets';
import { connectServer } from '../ssh/connect';
import { readCurrent } from '../ssh/file-install';
import type { SecretStore } from '../vault/secret-store';
import { ApiError } from '../contract/names';
import type { FilePreview } from '../contract/types';

export interface FilePreviewDeps {
  inventory: Inventory;
  secrets: SecretStore;
  knownHostsPath: string;
  /** Read-only known_hosts trust sources (the engineer's OpenSSH files); see ConnectOptions. */
  trustedKnownHostsFiles?: readonly string[];
  connect?: typeof connectServer;
}

/**
 * What a file step would change, shown in its confirmation BEFORE anything is installed: the server's
 * current file (SFTP, or `sudo cat` when the step installs with sudo) against the rendered new content.
 * Both sides may hold secrets (the old config has the old password): the diff is redacted with the run's
 * secrets and the servers' before it leaves the backend. Its own short connection, host key checked
 * ('reject': keys are accepted in the Servers view only), so the run's shells are never disturbed.
 */
export async function previewFile(plan: Plan, stepName: string, deps: FilePreviewDeps): Promise<FilePreview> {
  const step = plan.steps.find((s) => s.name === stepName);
  if (!step) throw new ApiError('not-found', `The run has no step named ${stepName}.`);
  if (step.kind !== 'file')
    throw new ApiError(
      'invalid-input',
      `Step ${stepName} does not install a file: there is nothing to preview.`,
    );
  const server = deps.inventory[step.target];
  if (!server) throw new ApiError('conflict', `No server has the role "${step.target}".`);
  const rendered = step.render();
  const path = rendered.path ?? step.path;
  const connection = await (deps.connect ?? connectServer)(server, {
    secrets: deps.secrets,
    knownHostsPath: deps.knownHostsPath,
    ...(deps.trustedKnownHostsFiles ? { trustedKnownHostsFiles: deps.trustedKnownHostsFiles } : {}),
    onUnknownHostKey: 'reject',
  });
  let before: string | undefined;
  try {
    before = await readCurrent(connection, { path, content: rendered.body, sudo: step.sudo });
  } finally {
    await connection.close();
  }
  const redactor = textRedactor([...plan.secrets, ...(await serverSecrets(deps.inventory, deps.secrets))]);
  const shownPath = step.display.path ?? step.path;
  const diff = createTwoFilesPatch(`a${shownPath}`, `b${shownPath}`, before ?? '', rendered.body);
  return {
    step: stepName,
    path: shownPath,
    diff: redactor.redact(diff),
    existed: before !== undefined,
    changed: before === undefined || before !== rendered.body,
  };
}
