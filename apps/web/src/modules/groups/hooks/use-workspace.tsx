'use client';
// The project and its group types, loaded once per page and shared by the whole Groups view.
import { createContext, useContext, type ReactNode } from 'react';
import { WorkspaceDocument, type WorkspaceQuery } from '@/generated/graphql';
import { useGraphqlQuery, type QueryState } from '@/lib/use-graphql-query';

const WorkspaceContext = createContext<QueryState<WorkspaceQuery> | null>(null);
const noVariables = {};

export function WorkspaceProvider({ children }: { children: ReactNode }) {
  const workspace = useGraphqlQuery(WorkspaceDocument, noVariables);
  return <WorkspaceContext.Provider value={workspace}>{children}</WorkspaceContext.Provider>;
}

export function useWorkspace(): QueryState<WorkspaceQuery> {
  const workspace = useContext(WorkspaceContext);
  if (!workspace) throw new Error('useWorkspace needs a <WorkspaceProvider> above it');
  return workspace;
}

export type GroupTypeInfo = WorkspaceQuery['groupTypes'][number];
