// The sales repository: what the API handlers, the journal and the reports use.
export * from './repository.ts';
export * from './catalogue.ts';
