import type { ComponentType, ReactNode } from 'react';

/** The signed-out card a page sits in: the staff `AuthShell` or the firm-branded `PortalAuthShell`. */
export type AuthShellComponent = ComponentType<{ title: string; subtitle?: ReactNode; children: ReactNode }>;
