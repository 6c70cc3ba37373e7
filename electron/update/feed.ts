// The update folder's checks live in service/update/feed.ts (shared by the app and
// `journal update-check`); re-exported here beside the rest of the app's update code.
export * from '../../service/update/feed';
