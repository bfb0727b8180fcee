import { createServer, type Server } from 'node:net';

/** The interface every local server in the tests binds to (avoids `localhost` resolving to ::1 on some hosts). */
export const localHost = '127.0.0.1';

function listenOnAnyPort(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, localHost, () => resolve(server));
  });
}

/**
 * Asks the OS for `count` distinct ports that are free right now on {@link localHost}. Each is held until all
 * are picked, so they never collide with each other (another process could still take one before the CLI
 * binds it; unlikely in practice).
 *
 * @param count - how many ports
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: count }, listenOnAnyPort));
  const ports = servers.map((server) => {
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('could not read the assigned port');
    return address.port;
  });
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}
