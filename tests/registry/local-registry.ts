import { mkdirSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { runServer } from 'verdaccio';

/** A Verdaccio registry on 127.0.0.1, with its storage, config and one user in `dir`. */
export interface LocalRegistry {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  /** Bearer token of the registry's only user, who may publish. */
  readonly token: string;
  /**
   * An npmrc for npm and pnpm: this registry for every package, the token, and a proxy that does not
   * exist for every other host, so that nothing can leave the machine unnoticed.
   */
  readonly npmrc: string;
  close(): Promise<void>;
}

/**
 * Starts Verdaccio in this process: storage in `dir`, no uplinks (it proxies nothing, so any package
 * not published to it is a 404), listening on 127.0.0.1 on a free port.
 */
export async function startLocalRegistry(dir: string): Promise<LocalRegistry> {
  mkdirSync(dir, { recursive: true });
  const config = join(dir, 'config.yaml');
  writeFileSync(
    config,
    [
      'storage: ./storage',
      'auth:',
      '  htpasswd:',
      '    file: ./htpasswd',
      '    max_users: 1',
      'uplinks: {}',
      'packages:',
      "  '**':",
      '    access: $all',
      '    publish: $authenticated',
      // JWT tokens: checked without hashing the password again on every request
      'security:',
      '  api:',
      '    jwt:',
      '      sign:',
      '        expiresIn: 1d',
      'web:',
      '  enable: false',
      'max_body_size: 400mb',
      'log: { type: stdout, format: pretty, level: error }',
      '',
    ].join('\n'),
  );
  const server = (await runServer(config)) as Server;
  await new Promise<void>((ready, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ready());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const close = () =>
    new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    });
  try {
    const response = await fetch(`${url}-/user/org.couchdb.user:ci`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'ci',
        password: 'local-registry-only',
        type: 'user',
        roles: [],
        date: new Date().toISOString(),
      }),
    });
    const { token } = (await response.json()) as { token?: string };
    if (!response.ok || !token)
      throw new Error(`the local registry refused to create its user (HTTP ${response.status})`);
    const host = url.replace(/^http:/, '');
    const npmrc = [
      `registry=${url}`,
      `${host}:_authToken=${token}`,
      'proxy=http://127.0.0.1:9/',
      'https-proxy=http://127.0.0.1:9/',
      'noproxy=127.0.0.1',
      'audit=false',
      'fund=false',
      'update-notifier=false',
      '',
    ].join('\n');
    return { url, token, npmrc, close };
  } catch (error) {
    await close();
    throw error;
  }
}
