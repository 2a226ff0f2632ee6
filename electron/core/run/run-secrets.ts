import type { Inventory } from '../inventory/model';
import type { Runbook, VariableSpec } from '../runbook/model';
import { generateSecret } from '../vault/generate';
import { KEYCHAIN_SERVICE, secretAccounts, type SecretStore } from '../vault/secret-store';
import { MIN_REDACTABLE_SECRET_LENGTH, Redactor, redactText } from './redactor';
import type { TextRedactor } from './engine-types';

export interface ResolvedSecrets {
  /** Secret variable values by name, for bindRunbook's secretValues. */
  values: Record<string, string>;
  /** Names whose value was generated (and stored in the keychain) by this call. */
  generated: string[];
}

/**
 * The values of a runbook's secret variables, from (in order) what the engineer gave, the keychain, a
 * fresh CSPRNG value for `generate` ones, or `ask` (a prompt). Given, asked and generated values are
 * stored in the keychain under secretAccounts.variable(runbookId, name), so that a resumed run or the
 * next run of the runbook uses the same value; nothing is ever written anywhere else.
 */
export async function resolveSecretVariables(
  runbook: Runbook,
  given: Record<string, string>,
  store: SecretStore,
  ask?: (spec: VariableSpec) => Promise<string | undefined>,
): Promise<ResolvedSecrets> {
  const values: Record<string, string> = {};
  const generated: string[] = [];
  for (const spec of runbook.variables.filter((v) => v.secret)) {
    const account = secretAccounts.variable(runbook.id, spec.name);
    const provided = given[spec.name];
    let value =
      provided !== undefined && provided !== '' ? provided : await store.get(KEYCHAIN_SERVICE, account);
    let storeIt = value !== undefined && provided !== undefined && provided !== '';
    if (value === undefined && spec.generate !== undefined) {
      value = generateSecret(spec.generate);
      generated.push(spec.name);
      storeIt = true;
    }
    if (value === undefined && ask) {
      value = await ask(spec);
      storeIt = value !== undefined && value !== '';
    }
    if (value === undefined || value === '') continue; // the binder names the missing field
    if (storeIt) await store.set(KEYCHAIN_SERVICE, account, value);
    values[spec.name] = value;
  }
  return { values, generated };
}

/** Server passwords and key passphrases of the inventory: they must never show up in a record either. */
export async function serverSecrets(inventory: Inventory, store: SecretStore): Promise<string[]> {
  const found: string[] = [];
  for (const server of Object.values(inventory)) {
    if (!server) continue;
    const ids = [server.id, ...(server.jump ? [server.jump.secretId] : [])];
    for (const id of ids) {
      for (const account of [secretAccounts.serverPassword(id), secretAccounts.keyPassphrase(id)]) {
        const value = await store.get(KEYCHAIN_SERVICE, account).catch(() => undefined);
        // A value too short to redact without garbling every record is left out (it cannot be protected).
        if (value && value.length >= MIN_REDACTABLE_SECRET_LENGTH) found.push(value);
      }
    }
  }
  return found;
}

export function textRedactor(secrets: readonly string[]): TextRedactor {
  const list = [...new Set(secrets)].filter((s) => s.length >= MIN_REDACTABLE_SECRET_LENGTH);
  return { redact: (text) => redactText(text, list), stream: () => new Redactor(list) };
}
