/** asl-validator ships no types; this is the part the tests call (its README's "In your code"). */
declare module 'asl-validator' {
  interface AslValidation {
    isValid: boolean;
    errors: Array<{ message: string }>;
    errorsText(separator?: string): string;
  }
  export default function aslValidator(definition: unknown): AslValidation;
}
