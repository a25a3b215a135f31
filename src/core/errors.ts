// Errors the layers share. A UserInputError is the user's to fix (bad parameter, malformed file,
// shape mismatch): the CLI prints its message with exit code 2 and the UI shows it as a notice.
/** Thrown for problems caused by the user's input; the CLI prints the message with exit code 2. */
export class UserInputError extends Error {
  override name = 'UserInputError';
}
