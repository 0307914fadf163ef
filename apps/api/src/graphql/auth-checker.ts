import type { AuthChecker } from 'type-graphql';
import { DomainError } from '../lib/domain-error';
import type { GraphqlContext } from './context';

export type Role = 'read' | 'admin';

/**
 * `@Authorized()` needs any valid key, `@Authorized('admin')` the project's secret key.
 * Resolvers without `@Authorized` are refused: see `requireViewer` (modules/projects/request-context.ts) and the schema build check.
 */
export const authChecker: AuthChecker<GraphqlContext, Role> = ({ context }, roles) => {
  if (!context.viewer) {
    throw new DomainError(
      'UNAUTHENTICATED',
      'Send the project secret key (or a read key) as "Authorization: Bearer <key>".',
    );
  }
  if (roles.includes('admin') && context.viewer.access !== 'admin') {
    throw new DomainError(
      'FORBIDDEN',
      'This operation changes settings and needs the project secret key; the key sent may only read.',
    );
  }
  return true;
};
