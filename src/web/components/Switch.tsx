import { type ReactNode, useId } from 'react';
import { Switch as AriaSwitch, type SwitchProps as AriaSwitchProps } from 'react-aria-components';
import './choices.css';

export interface SwitchProps extends Omit<AriaSwitchProps, 'className' | 'children'> {
  children: ReactNode;
  description?: ReactNode;
  className?: string;
}

/** An on/off switch (role=switch) for settings that take effect at once. */
export function Switch({ children, description, className, ...props }: SwitchProps) {
  const descriptionId = useId();
  const control = (
    <AriaSwitch
      {...props}
      aria-describedby={description ? descriptionId : props['aria-describedby']}
      className={['switch', className ?? ''].filter(Boolean).join(' ')}
    >
      <span className="switch-track" aria-hidden="true">
        <span className="switch-thumb" />
      </span>
      <span className="switch-label">{children}</span>
    </AriaSwitch>
  );
  if (!description) return control;
  return (
    <div className="choice-field">
      {control}
      <p id={descriptionId} className="field-description choice-description">
        {description}
      </p>
    </div>
  );
}
