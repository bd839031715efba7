import type { ReactNode } from 'react';
import { Button as AriaButton, type ButtonProps as AriaButtonProps, composeRenderProps } from 'react-aria-components';
import { Link as RouterLink, type LinkProps as RouterLinkProps } from 'react-router';
import './buttons.css';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost';
export type ButtonSize = 'md' | 'sm';

export interface ButtonProps extends Omit<AriaButtonProps, 'className'> {
  variant?: ButtonVariant;
  size?: ButtonSize;
  className?: string;
}

function classes(variant: ButtonVariant, size: ButtonSize, extra?: string): string {
  return ['btn', `btn-${variant}`, size === 'sm' ? 'btn-sm' : '', extra ?? ''].filter(Boolean).join(' ');
}

/** A button (react-aria: press events, focus ring only for keyboard users, `isPending` spinner). */
export function Button({ variant = 'secondary', size = 'md', className, children, ...props }: ButtonProps) {
  return (
    <AriaButton {...props} className={classes(variant, size, className)}>
      {composeRenderProps(children, (content, { isPending }) => (
        <>
          {isPending ? <span className="btn-spinner" aria-hidden="true" /> : null}
          {content}
        </>
      ))}
    </AriaButton>
  );
}

/** A link that looks like a button (navigation, not an action). */
export function ButtonLink({
  variant = 'secondary',
  size = 'md',
  className,
  children,
  ...props
}: RouterLinkProps & { variant?: ButtonVariant; size?: ButtonSize; children: ReactNode }) {
  return (
    <RouterLink {...props} className={classes(variant, size, className)}>
      {children}
    </RouterLink>
  );
}
