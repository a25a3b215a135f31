// The contract every layer shares: errors, the parameter schema, result types. Imports nothing
// from the rest of the app, so kernels, data, the CLI and experiments can all build on it.
export * from './errors';
export * from './params';
export * from './results';
export * from './reproduction';
