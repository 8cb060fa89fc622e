/** A request the service refuses: HTTP 400 with `{ error: { field, reason } }`. */
export class RequestError extends Error {
  constructor(
    /** Where in the request body, e.g. `groups[0].rollouts[3].items`. */
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'RequestError';
  }
}
