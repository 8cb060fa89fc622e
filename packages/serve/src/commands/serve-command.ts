import { resolve } from 'node:path';
import { AlignmentComponents, BladeUserError, CliContribution, CliIo, ObjectiveFactory } from '@bladerec/core';
import { inject, injectable } from '@bladerec/core/inversify';
import type { Command } from 'commander';
import { loadServeSetup } from '../config/serve-setup.js';
import { createServer } from '../server/create-server.js';
import { openService } from '../service/open-service.js';

interface ServeFlags {
  config?: string;
  host?: string;
  port?: string;
}

/** `blade serve --config <file>`: list rewards and Best-of-N targets over HTTP until SIGINT/SIGTERM. */
@injectable()
export class ServeCommand implements CliContribution {
  constructor(
    @inject(ObjectiveFactory) private readonly objectives: ObjectiveFactory,
    @inject(AlignmentComponents) private readonly components: AlignmentComponents,
    @inject(CliIo) private readonly io: CliIo,
  ) {}

  register(program: Command): void {
    program
      .command('serve')
      .description('serve list rewards and BLADE targets over HTTP (for OpenRLHF, verl, TRL; docs/serving.md)')
      .option(
        '--config <file>',
        '(required) a training config: plugins, objective, align (prior, evidence, target) and serve',
      )
      .option('--host <address>', 'address to bind (default serve.host, 127.0.0.1)')
      .option('--port <n>', 'TCP port (default serve.port, 8470; 0 = any free port)')
      .addHelpText(
        'after',
        '\nEnvironment: BLADE_SERVE_TOKEN (bearer token), BLADE_SERVE_REDIS_URL (Redis of serve.store).\n',
      )
      .action((flags: ServeFlags) => this.run(flags));
  }

  async run(flags: ServeFlags): Promise<void> {
    if (!flags.config) throw new BladeUserError('blade serve needs --config <file>');
    const setup = await loadServeSetup(resolve(this.io.cwd, flags.config), {
      objectives: this.objectives,
      components: this.components,
    });
    const port = flags.port === undefined ? setup.options.port : Number(flags.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new BladeUserError(`--port ${flags.port}: expected an integer 0–65535`);
    const host = flags.host ?? setup.options.host;
    const token = process.env['BLADE_SERVE_TOKEN'] || setup.options.token;
    const service = await openService(setup, this.components, {
      redisUrl: process.env['BLADE_SERVE_REDIS_URL'] || undefined,
    });
    const app = createServer(service, { token });
    let address: string;
    try {
      address = await app.listen({ host, port });
    } catch (error) {
      await service.backend.close();
      throw new BladeUserError(
        `cannot listen on ${host}:${port} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      );
    }
    this.io.err(
      `blade serve: ${address} (${setup.algorithm} targets of ${setup.objective.meta.name}; prior ${setup.components.prior.kind} in ${service.backend.kind}${token ? '; bearer token required' : ''})\n`,
    );
    if (!token && host !== '127.0.0.1' && host !== 'localhost' && host !== '::1')
      this.io.err('blade serve: warning: listening beyond loopback without a bearer token\n');
    await new Promise<void>((done) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        void app
          .close()
          .then(() => service.backend.close())
          .finally(done);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
  }
}
