import { Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { requireViewer, type RequestContext } from './request-context';
import { ProjectType } from './project.type';

@Resolver(() => ProjectType)
export class ProjectResolver {
  @Authorized()
  @Query(() => ProjectType, { description: 'The project that the API key belongs to.' })
  project(@Ctx() context: RequestContext): ProjectType {
    const { project, access } = requireViewer(context);
    return { ...project, ingestKey: access === 'admin' ? project.ingestKey : null };
  }
}
