// Imported first by a test that must hash at the production cost: db/kdf.ts reads
// JOURNAL_KDF_COST once, when it loads, and the test runner sets it to 'test'. Imports
// run in order, so this runs before anything loads db/kdf.ts; the test checks KDF_PARAMS.
delete process.env.JOURNAL_KDF_COST;
