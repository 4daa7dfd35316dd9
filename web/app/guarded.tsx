import type { ReactNode } from 'react';
import { RequireAction } from './auth';

/** A page shown only to people holding the action (a list: any one of them). */
export const guarded = (action: string | string[], page: ReactNode) => <RequireAction action={action}>{page}</RequireAction>;

/** A module's pages, listed in its own routes.tsx and spread into the router. */
export interface PageRoute { path: string; element: ReactNode }
