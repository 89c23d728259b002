import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  headers: http.IncomingHttpHeaders;
  body: string;
  answered: number;
}

/**
 * A real HTTP receiver on localhost. `respond` decides each answer's status (default 200); every
 * request is kept with its raw body, as a receiver verifying signatures must read it.
 */
export async function startReceiver(respond: (request: ReceivedRequest, index: number) => number = () => 200) {
  const requests: ReceivedRequest[] = [];
  const waiters: (() => void)[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: ReceivedRequest = {
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        answered: 0,
      };
      request.answered = respond(request, requests.length);
      requests.push(request);
      res.writeHead(request.answered, { 'content-type': 'text/plain' }).end(request.answered < 300 ? 'ok' : 'not now');
      for (const wake of waiters.splice(0)) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}/hooks`,
    requests,
    /** Resolves once `predicate` holds over the requests so far (or rejects after `ms`). */
    async until(predicate: (requests: ReceivedRequest[]) => boolean, ms = 60_000): Promise<void> {
      const deadline = Date.now() + ms;
      while (!predicate(requests)) {
        if (Date.now() > deadline)
          throw new Error(`receiver: condition not met after ${ms} ms (${requests.length} requests)`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
