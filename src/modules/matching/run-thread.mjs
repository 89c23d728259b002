// Worker-thread entry for a match run: sources are TypeScript, so register tsx first.
import { register } from 'tsx/esm/api';

register();
await import('./run-thread-main.ts');
