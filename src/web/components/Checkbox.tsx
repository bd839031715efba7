import { type ReactNode, useId } from 'react';
import { Checkbox as AriaCheckbox, type CheckboxProps as AriaCheckboxProps } from 'react-aria-components';
import './choices.css';

export interface CheckboxProps extends Omit<AriaCheckboxProps, 'className' | 'children'> {
  /** The visible label; leave it out only where the context names the box (a table's selection column). */
  children?: ReactNode;
  /** Help under the label, tied to the box with aria-describedby. */
  description?: ReactNode;
  className?: string;
}

/** A checkbox (react-aria: a real, visually hidden <input type="checkbox"> inside its label). */
export function Checkbox({ children, description, className, ...props }: CheckboxProps) {
  const descriptionId = useId();
  const box = (
    <AriaCheckbox
      {...props}
      aria-describedby={description ? descriptionId : props['aria-describedby']}
      className={['checkbox', className ?? ''].filter(Boolean).join(' ')}
    >
      {({ isSelected, isIndeterminate }) => (
        <>
          <span className="checkbox-box" aria-hidden="true">
            {isIndeterminate ? '–' : isSelected ? '✓' : null}
          </span>
          {children ? <span className="checkbox-label">{children}</span> : null}
        </>
      )}
    </AriaCheckbox>
  );
  if (!description) return box;
  return (
    <div className="choice-field">
      {box}
      <p id={descriptionId} className="field-description choice-description">
        {description}
      </p>
    </div>
  );
}
