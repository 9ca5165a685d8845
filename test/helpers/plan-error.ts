// The PlanError a plan document is refused with (the tests' way to read a refusal's field and message).
import { PlanError, validatePlan } from '../../src/index.js';

/** The PlanError validatePlan throws for `input`; fails the test if it throws nothing or something else. */
export function planErrorOf(input: unknown): PlanError {
  try {
    validatePlan(input);
  } catch (e) {
    if (e instanceof PlanError) return e;
    throw e;
  }
  throw new Error('expected a PlanError');
}
