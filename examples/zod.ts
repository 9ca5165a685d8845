// Classic zod for the app's own documents (client records, report data, consultation state), on the core that
// src/schema.ts configures (jitless under the CSP, English messages): importing it from here runs that first,
// so no schema of the app is parsed before.
import '../src/schema.js';

export { z } from 'zod';
