// Loaded first by the benchmarks that sign many staff in while they set up (bench/sync.ts):
// the password cost (db/kdf.ts) is what a sign-in pays, not what is measured there, so the
// set-up uses the tests' cost. Must stay the first import: db/kdf.ts reads it once.
process.env.JOURNAL_KDF_COST ??= 'test';
