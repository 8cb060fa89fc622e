/** A run folder that cannot be read: the report names it in one line and goes on with the others. */
export class RunFolderError extends Error {
  constructor(
    readonly dir: string,
    reason: string,
  ) {
    super(`${dir}: ${reason}`);
    this.name = 'RunFolderError';
  }
}
