import type { ReactNode } from 'react';
import { Button, Disclosure as AriaDisclosure, DisclosurePanel, Heading } from 'react-aria-components';
import './disclosure.css';

export interface DisclosureProps {
  /** The words on the button that shows and hides the content. */
  title: ReactNode;
  children: ReactNode;
  headingLevel?: 2 | 3 | 4;
  defaultExpanded?: boolean;
  className?: string;
}

/** Content folded away behind a heading button (aria-expanded; Enter or Space opens it). */
export function Disclosure({ title, children, headingLevel = 2, defaultExpanded, className }: DisclosureProps) {
  return (
    <AriaDisclosure defaultExpanded={defaultExpanded} className={['disclosure', className ?? ''].filter(Boolean).join(' ')}>
      <Heading level={headingLevel} className="disclosure-heading">
        <Button slot="trigger" className="disclosure-trigger">
          <span className="disclosure-chevron" aria-hidden="true">
            ▸
          </span>
          {title}
        </Button>
      </Heading>
      <DisclosurePanel className="disclosure-panel">{children}</DisclosurePanel>
    </AriaDisclosure>
  );
}
