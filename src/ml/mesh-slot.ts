/**
 * The face mesh model of a pipeline, shared with those made from it by withMode(). Loaded with the
 * other models, or later (the live view: the first names come sooner without it, pipeline.ts
 * `meshLater`): then it starts on the first call of start() or ready(), once.
 */
export interface Disposable {
  dispose(): void;
}

export class MeshSlot<M extends Disposable> {
  /** The model once loaded; null before, without one (no loader), after dispose(). */
  model: M | null = null;
  private loading: Promise<M | null> | null = null;
  private failure: unknown = null;
  private disposed = false;

  /** `load` null: the pipeline's spec uses no face mesh (ready() gives null at once). */
  constructor(private readonly load: (() => Promise<M>) | null) {}

  /** Whether alignment can use what it needs now: the model is there, or none is used. */
  get settled(): boolean {
    return this.model !== null || this.load === null;
  }

  /** The load's error, once it failed (null before or without one). */
  get error(): unknown {
    return this.failure;
  }

  /** Starts loading if not started yet; never throws (the error goes to ready()'s callers and `error`). */
  start(): void {
    void this.ready().catch(() => undefined);
  }

  /** The model, loaded first if need be; rejects with the load's error. */
  ready(): Promise<M | null> {
    if (!this.load || this.disposed) return Promise.resolve(this.model);
    this.loading ??= this.load().then(
      (model) => {
        if (this.disposed) {
          model.dispose();
          return null;
        }
        return (this.model = model);
      },
      (error: unknown) => {
        this.failure = error;
        throw error;
      },
    );
    return this.loading;
  }

  /** Closes the model (one still loading is closed when it comes). */
  dispose(): void {
    this.disposed = true;
    this.model?.dispose();
    this.model = null;
  }
}
