import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { auditActorOf } from '../../audit/audit-log.repository';
import { requireViewer, type RequestContext } from '../../projects/request-context';
import type { KeyManagementService } from '../key-management.service';
import { CreatedProjectType } from './settings.type';

type KeysRequestContext = RequestContext<{ keyManagement: KeyManagementService }>;

// Keys and projects: the settings page and `npm run project` (while the server holds the embedded
// database) use these same mutations.
@Resolver()
export class KeysResolver {
  @Authorized('admin')
  @Mutation(() => String, {
    description:
      'Issues a new secret key (shown only in this answer). The old key stops working at once, and browser sessions opened with it end.',
  })
  async rotateSecretKey(@Ctx() context: KeysRequestContext): Promise<string> {
    const viewer = requireViewer(context);
    return context.services.keyManagement.rotate(viewer.project.id, 'secret', auditActorOf(viewer));
  }

  @Authorized('admin')
  @Mutation(() => String, {
    description: 'Issues a new read key (shown only in this answer). The old key stops working at once.',
  })
  async rotateReadKey(@Ctx() context: KeysRequestContext): Promise<string> {
    const viewer = requireViewer(context);
    return context.services.keyManagement.rotate(viewer.project.id, 'read', auditActorOf(viewer));
  }

  @Authorized('admin')
  @Mutation(() => CreatedProjectType, {
    description:
      'Creates a project with its own keys (shown only in this answer). Sign in with its secret key to switch to it.',
  })
  async createProject(
    @Ctx() context: KeysRequestContext,
    @Arg('name', () => String, { description: "The new project's name." }) name: string,
    @Arg('timeZone', () => String, { nullable: true, description: 'IANA name; UTC when left out.' })
    timeZone: string | null,
  ): Promise<CreatedProjectType> {
    const viewer = requireViewer(context);
    return context.services.keyManagement.createProject(viewer.project.id, { name, timeZone }, auditActorOf(viewer));
  }
}
