// Contracts shared by the API and the web app: pure rules with no I/O.
export * from './date-range';
export * from './range-selection';
export * from './format';
export * from './trend';
export * from './risk';
export * from './group-type-names';
export * from './time-bound-cache';
export * from './group-search-query';
