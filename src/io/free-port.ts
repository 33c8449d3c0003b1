// A TCP port free on this machine's loopback now (for a rank 0 to serve its store on).
import { createServer } from 'node:net';

/** A port the system has free now (for a single-machine run's store). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}
