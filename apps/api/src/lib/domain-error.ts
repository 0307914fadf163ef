// Domain errors carry a code; the GraphQL layer maps each code to a message and an error class
// in one place (graphql/error-mapping.ts). Services throw these, never transport errors.
export const domainErrorCodes = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'INVALID_INPUT',
  'LIMIT_EXCEEDED',
  'RATE_LIMITED',
  'CONFLICT',
  'EXTERNAL_SERVICE',
] as const;

export type DomainErrorCode = (typeof domainErrorCodes)[number];

export class DomainError extends Error {
  constructor(
    public readonly code: DomainErrorCode,
    message: string,
    public readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
