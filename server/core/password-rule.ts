// The rule lives below both of its readers: the configuration checks LAGOM_ADMIN_PASSWORD with
// it at start-up, and auth/password.ts checks every password sent to the API.

export const MIN_PASSWORD_LENGTH = 8;

/**
 * The one rule for a new password (the owner's, a shared link's, LAGOM_ADMIN_PASSWORD): what is
 * wrong with it, to follow the name of the field or setting, or undefined.
 */
export function passwordProblem(password: string): string | undefined {
  return password.length < MIN_PASSWORD_LENGTH ? `must be at least ${MIN_PASSWORD_LENGTH} characters` : undefined;
}
