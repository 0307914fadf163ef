// Tagged templates for parameterised SQL: values become bind parameters, never text.
import { Prisma } from '../generated/prisma/client';

export const sql = Prisma.sql;
export const emptySql = Prisma.empty;
export type Sql = Prisma.Sql;
