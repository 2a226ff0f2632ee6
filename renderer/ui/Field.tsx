import { useId, type InputHTMLAttributes, type ReactNode } from 'react';

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: ReactNode;
  /** Help under the input; replaced by the error when there is one. */
  hint?: ReactNode;
  /** Inline validation message; marks the input invalid and is announced with it. */
  error?: string;
  /** Extra content on the label line (e.g. a badge). */
  aside?: ReactNode;
}

/** A labelled text input with hint and inline validation message, wired for screen readers. */
export function Field({ label, hint, error, aside, className, ...input }: FieldProps) {
  const id = useId();
  const messageId = `${id}-message`;
  const message = error ?? hint;
  return (
    <div className={`field${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <div className="field-label-row">
        <label className="field-label" htmlFor={id}>
          {label}
          {/* Announced by the input's own `required`; the star is for the eye (see the form's legend). */}
          {input.required ? (
            <span className="field-required" aria-hidden="true">
              {' '}
              *
            </span>
          ) : null}
        </label>
        {aside}
      </div>
      <input
        id={id}
        className="field-input"
        aria-invalid={error ? true : undefined}
        aria-describedby={message ? messageId : undefined}
        {...input}
      />
      {message ? (
        <p id={messageId} className={error ? 'field-error' : 'field-hint'} role={error ? 'alert' : undefined}>
          {message}
        </p>
      ) : null}
    </div>
  );
}

interface SelectFieldProps<V extends string> {
  label: ReactNode;
  value: V;
  options: ReadonlyArray<{ value: V; label: string }>;
  onChange: (value: V) => void;
  name: string;
}

/** A labelled group of radio buttons: every choice visible, arrow keys move between them. */
export function ChoiceField<V extends string>({
  label,
  value,
  options,
  onChange,
  name,
}: SelectFieldProps<V>) {
  return (
    <fieldset className="field choice-field">
      <legend className="field-label">{label}</legend>
      <div className="choice-group">
        {options.map((option) => (
          <label key={option.value} className={`choice${option.value === value ? ' choice-checked' : ''}`}>
            <input
              type="radio"
              name={name}
              value={option.value}
              checked={option.value === value}
              onChange={() => onChange(option.value)}
            />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
