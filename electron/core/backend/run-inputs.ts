import type { InventoryStore } from '../inventory/inventory-store';
import { bindRunbook } from '../runbook/bind';
import { checkRedactableSecret } from '../run/redactor';
import { generateSecret } from '../vault/generate';
import { KEYCHAIN_SERVICE, secretAccounts, type SecretStore } from '../vault/secret-store';
import { ApiError } from '../contract/names';
import type { RunInputProblem, RunInputsCheck } from '../contract/types';
import type { RunbookCatalog } from './catalog';
import { inventoryOf } from './runs';

export interface RunInputDeps {
  catalog: RunbookCatalog;
  inventory: InventoryStore;
  secrets: SecretStore;
}

/**
 * The server side of the run form: the binder judges the values (the form's own pattern checks are only
 * feedback while typing), and `generate` secrets are made here with the CSPRNG and kept in the keychain,
 * so a generated value never travels to the UI.
 */
export class RunInputs {
  constructor(private readonly deps: RunInputDeps) {}

  async check(runbookId: string, values: Record<string, string>): Promise<RunInputsCheck> {
    const runbook = await this.deps.catalog.get(runbookId);
    const errors: RunInputProblem[] = [];
    const secretValues: Record<string, string> = {};
    const storedSecrets: string[] = [];
    for (const spec of runbook.variables.filter((v) => v.secret)) {
      const stored = await this.deps.secrets.get(
        KEYCHAIN_SERVICE,
        secretAccounts.variable(runbook.id, spec.name),
      );
      if (stored !== undefined) storedSecrets.push(spec.name);
      const given = values[spec.name];
      const value = given !== undefined && given !== '' ? given : stored;
      if (value === undefined) continue;
      const problem = checkRedactableSecret(value);
      if (problem) errors.push({ field: spec.name, code: 'bad-value', message: problem });
      else secretValues[spec.name] = value;
    }
    let inventory;
    try {
      inventory = inventoryOf(this.deps.inventory);
    } catch (error) {
      return {
        errors: [{ field: 'servers', code: 'conflict', message: (error as Error).message }],
        storedSecrets,
      };
    }
    const bound = bindRunbook(runbook, { values, inventory, secretValues });
    if (!bound.ok) {
      const generated = new Set(runbook.variables.filter((v) => v.generate !== undefined).map((v) => v.name));
      for (const e of bound.errors) {
        // A missing `generate` secret is made when the run starts: not the engineer's problem.
        if (e.code === 'secret-missing' && generated.has(e.field)) continue;
        if (errors.some((known) => known.field === e.field)) continue;
        errors.push({ field: e.field, code: e.code, message: e.message });
      }
    }
    return { errors, storedSecrets };
  }

  async generate(runbookId: string, name: string): Promise<{ name: string; stored: true }> {
    const runbook = await this.deps.catalog.get(runbookId);
    const spec = runbook.variables.find((v) => v.name === name);
    if (!spec) throw new ApiError('not-found', `The runbook ${runbookId} has no variable "${name}".`);
    if (!spec.secret || spec.generate === undefined)
      throw new ApiError(
        'invalid-input',
        `${name}: only a secret variable with "generate" can be generated.`,
      );
    await this.deps.secrets.set(
      KEYCHAIN_SERVICE,
      secretAccounts.variable(runbook.id, name),
      generateSecret(spec.generate),
    );
    return { name, stored: true };
  }
}
