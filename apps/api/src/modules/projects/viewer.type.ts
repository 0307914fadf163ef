import { Field, ObjectType, registerEnumType } from 'type-graphql';

export enum ViewerAccess {
  ADMIN = 'admin',
  READ = 'read',
}

registerEnumType(ViewerAccess, {
  valuesConfig: {
    READ: { description: 'Read only (the read key, or a read-only session).' },
    ADMIN: { description: 'Read and change everything (the secret key, or an admin session).' },
  },
  name: 'ViewerAccess',
  description: 'ADMIN: the secret key (or a session opened with it) may change settings; READ may only read.',
});

@ObjectType('Viewer', { description: 'Who is asking: what the key or browser session may do.' })
export class ViewerType {
  @Field(() => ViewerAccess, { description: 'What the key or session may do: READ or ADMIN.' })
  access!: ViewerAccess;

  @Field(() => Boolean, { description: 'True when the request came with the web app session cookie.' })
  browserSession!: boolean;
}
