/** The RunbookApi contract: import types from here; runtime names from './names' (pure, no zod). */
export * from './api';
export * from './names';
export * from './types';
export type { MethodInput, ParsedInput } from './schemas';
