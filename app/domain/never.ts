/** Ends every `switch` over a union: adding a member breaks the build where it must be handled. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unhandled ${what}: ${JSON.stringify(value)}`);
}
