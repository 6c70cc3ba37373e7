// The regulation profile lives with the journal (db/regulation/profile.ts): the service and
// the sync read the same settings.
export * from '../../db/regulation/profile';
