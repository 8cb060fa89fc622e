import { ContainerModule } from 'inversify';

/**
 * Binds the data set loaders and the `blade data …` commands.
 */
export const dataModule = new ContainerModule(() => {
  // loaders and CLI contributions are bound here
});
