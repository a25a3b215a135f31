export { Gpu } from './gpu';
export type { EncodePass } from './timing';
export { summarize } from './timing';
export * from './errors';
export type * from './types';
