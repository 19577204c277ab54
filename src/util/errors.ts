// The root of kubesvc's own errors. Each subclass has a stable `code` (KS_ERR_<AREA>_<WHAT>)
// that callers branch on; messages are for people and may change.
export abstract class KubesvcError extends Error {
  abstract readonly code: string;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}
