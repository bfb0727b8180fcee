/** The part of an ajv validation error the API uses to build its `details`. */
export interface ValidationIssue {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** A precompiled (ajv standalone) validator, as @middy/validator's `eventSchema` takes it. */
export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: ValidationIssue[] | null;
}
