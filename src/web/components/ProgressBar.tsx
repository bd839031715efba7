import { useRef } from 'react';
import { Label, ProgressBar as AriaProgressBar } from 'react-aria-components';
import { useCssVars } from '../lib/use-css-vars';
import './progress.css';

export interface ProgressBarProps {
  label: string;
  value: number;
  maxValue: number;
  /** What the bar means in words ("3 of 5 tasks done"); shown and announced. */
  valueLabel: string;
  /** Hide the label visually (it still names the bar). */
  hideLabel?: boolean;
  className?: string;
}

/** A determinate progress bar (role=progressbar) whose words say the same as the bar. */
export function ProgressBar({ label, value, maxValue, valueLabel, hideLabel, className }: ProgressBarProps) {
  const fill = useRef<HTMLDivElement>(null);
  const max = Math.max(maxValue, 1);
  const percent = Math.min(100, Math.max(0, (value / max) * 100));
  useCssVars(fill, { '--progress': `${percent}%` });
  return (
    <AriaProgressBar value={value} minValue={0} maxValue={max} valueLabel={valueLabel} className={['progress', className ?? ''].filter(Boolean).join(' ')}>
      <div className="progress-header">
        <Label className={hideLabel ? 'visually-hidden' : 'progress-label'}>{label}</Label>
        <span className="progress-value">{valueLabel}</span>
      </div>
      <div className="progress-track">
        <div ref={fill} className="progress-fill" data-complete={percent >= 100 || undefined} />
      </div>
    </AriaProgressBar>
  );
}
