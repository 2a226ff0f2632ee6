import type { VariableSpec } from '../api';
import { useI18n } from '../i18n';
import { Button, Field } from '../ui';
import { checkValue } from './variableValues';

interface VariablesPanelProps {
  variables: VariableSpec[];
  values: Readonly<Record<string, string>>;
  onChange: (name: string, value: string) => void;
  onClear: () => void;
}

/**
 * Every variable of the runbook: label, default or example, format, secret. Non-secret ones take a preview
 * value (checked against the pattern inline) that replaces their chips; nothing typed here is saved.
 */
export function VariablesPanel({ variables, values, onChange, onClear }: VariablesPanelProps) {
  const { t } = useI18n();
  return (
    <section className="variables-panel" aria-labelledby="variables-title">
      <div className="panel-title-row">
        <h2 id="variables-title" className="panel-title">
          {t('runbook.variables')} <span className="panel-count">{variables.length}</span>
        </h2>
        {Object.values(values).some(Boolean) ? (
          <Button variant="ghost" size="sm" onClick={onClear}>
            {t('var.clear')}
          </Button>
        ) : null}
      </div>
      {variables.length === 0 ? <p className="panel-empty">{t('runbook.noVariables')}</p> : null}
      {variables.length > 0 ? <p className="panel-note">{t('var.preview')}</p> : null}
      <ul className="variables-list">
        {variables.map((spec) => (
          <li key={spec.name} className="variable" data-variable={spec.name}>
            <VariableEntry spec={spec} value={values[spec.name] ?? ''} onChange={onChange} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function VariableEntry({
  spec,
  value,
  onChange,
}: {
  spec: VariableSpec;
  value: string;
  onChange: (name: string, value: string) => void;
}) {
  const { t } = useI18n();
  const facts = (
    <dl className="variable-facts">
      {spec.default !== undefined ? (
        <div>
          <dt>{t('var.defaultLabel')}</dt>
          <dd>
            <code>{spec.default}</code>
          </dd>
        </div>
      ) : spec.example !== undefined ? (
        <div>
          <dt>{t('var.exampleLabel')}</dt>
          <dd>
            <code>{spec.example}</code>
          </dd>
        </div>
      ) : null}
      {spec.pattern ? (
        <div>
          <dt>{t('var.patternLabel')}</dt>
          <dd>
            <code className="variable-pattern">{spec.pattern}</code>
          </dd>
        </div>
      ) : null}
    </dl>
  );
  const name = <code className="variable-name">{`{{${spec.name}}}`}</code>;
  if (spec.secret) {
    return (
      <div className="variable-secret">
        <div className="field-label-row">
          <span className="field-label">{spec.label}</span>
          <span className="tag tag-secret">{t('var.secret')}</span>
        </div>
        {name}
        {facts}
        <p className="field-hint">
          {t('var.secretNote')}
          {spec.generate ? ` ${t('var.generate', { length: spec.generate })}` : ''}
        </p>
      </div>
    );
  }
  const check = checkValue(spec, value);
  return (
    <>
      <Field
        label={spec.label}
        aside={name}
        value={value}
        placeholder={spec.default ?? spec.example ?? t('var.valuePlaceholder')}
        onChange={(event) => onChange(spec.name, event.target.value)}
        error={check.ok ? undefined : t('var.invalid', { pattern: check.pattern })}
        spellCheck={false}
        autoComplete="off"
      />
      {facts}
    </>
  );
}
