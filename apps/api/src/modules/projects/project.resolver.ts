import { Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { requireViewer, type RequestContext } from './request-context';
import { ProjectType } from './project.type';
import { ViewerAccess, ViewerType } from './viewer.type';

@Resolver(() => ProjectType)
export class ProjectResolver {
  @Authorized()
  @Query(() => ProjectType, { description: 'The project that the API key belongs to.' })
  project(@Ctx() context: RequestContext): ProjectType {
    const { project, access } = requireViewer(context);
    return { ...project, ingestKey: access === 'admin' ? project.ingestKey : null };
  }

  @Authorized()
  @Query(() => ViewerType, { description: 'What the key or browser session sending this request may do.' })
  viewer(@Ctx() context: RequestContext): ViewerType {
    const viewer = requireViewer(context);
    return {
      access: viewer.access === 'admin' ? ViewerAccess.ADMIN : ViewerAccess.READ,
      browserSession: viewer.credential === 'browser_session',
    };
  }
}
