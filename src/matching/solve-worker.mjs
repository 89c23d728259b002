// Worker-thread entry for solving components: sources are TypeScript, so register tsx first.
import { register } from 'tsx/esm/api';

register();
await import('./solve-worker-main.ts');
