/** Narrowed step types for the views (the contract exports the union as StepView). */
import type { StepView } from '../api';

export type ShellStep = Extract<StepView, { kind: 'shell' }>;
export type FileStep = Extract<StepView, { kind: 'file' }>;
export type ManualStep = Extract<StepView, { kind: 'manual' }>;
