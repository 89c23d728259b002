import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { TEST_SECRET } from './server.ts';

/** Real `huzhu` processes for end-to-end tests: started here, killed by their own ids. */
export const root = path.resolve(import.meta.dirname, '../..');
export const bin = path.join(root, 'bin/huzhu.js');

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface HuzhuProcess {
  child: ChildProcess;
  output(): string;
}

/** Starts `huzhu <command>` on the test database; the caller kills it (see `kill`). */
export function huzhu(command: string, databaseUrl: string, env: Record<string, string> = {}): HuzhuProcess {
  const child = spawn(process.execPath, [bin, command], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      HUZHU_JWT_SECRET: TEST_SECRET,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  return { child, output: () => output };
}

/** `huzhu serve` on a free port, once its health check answers. */
export async function serve(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<HuzhuProcess & { url: string }> {
  const port = await freePort();
  const process = huzhu('serve', databaseUrl, { PORT: String(port), ...env });
  for (let i = 0; i < 600; i += 1) {
    if (process.child.exitCode !== null) throw new Error(`serve exited: ${process.output()}`);
    const healthy = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (healthy) return { ...process, url: `http://127.0.0.1:${port}/graphql` };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`serve did not come up: ${process.output()}`);
}

export function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/** Polls `predicate` until it holds; `what` (or a function giving it, for a costly diagnosis) names it on timeout. */
export async function until(
  predicate: () => boolean | Promise<boolean>,
  what: string | (() => Promise<string>),
  ms = 60_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${typeof what === 'string' ? what : await what()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function post(
  url: string,
  token: string,
  query: string,
  variables?: unknown,
): Promise<{ data?: any; errors?: any[] }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: any[] };
}
