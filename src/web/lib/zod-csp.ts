import { z } from 'zod';

// Zod compiles object parsers with `new Function` unless told not to; under the CSP
// (script-src 'self') that probe is reported as a violation even though Zod catches it. It decides
// when a schema is created, so this module must be imported before any schema (first in main.tsx).
z.config({ jitless: true });
