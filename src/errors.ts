/** Every error a user can cause is a GanimateError whose message says what to do. */
export class GanimateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The libtorch training engine is not built or cannot load. */
export class EngineMissingError extends GanimateError {}

/** A weights, optimizer-state or checkpoint file does not fit the model it is loaded into. */
export class WeightsMismatchError extends GanimateError {}

/** A file is not in the format it claims to be. */
export class BadFileError extends GanimateError {}

/** An option or argument is out of range or of the wrong kind. */
export class InvalidOptionError extends GanimateError {}
