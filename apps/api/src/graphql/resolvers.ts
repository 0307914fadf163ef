// Every resolver class of the API, one line each, so adding a module touches one list.
export const resolverClasses: Function[] = [];
