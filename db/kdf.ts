// The one cost of deriving keys from passwords (issue 10, item 7). Every computer and the
// share hold each user's password hash and private key encrypted under the password; a
// copy of the share allows unlimited offline guessing, so each guess must cost time and
// memory: scrypt, memory-hard, tuned to about half a second per hash.
//
// Measured (2 shared cores of a Xeon server, median of 9; README "Sign-in"):
//   N=2^14 r=8  (16 MiB, the old cost)   ~35 ms
//   N=2^17 r=8  (128 MiB)                ~300 ms
//   N=2^17 r=12 (192 MiB, the cost here) ~445 ms
//   N=2^18 r=8  (256 MiB)                ~670 ms
// Stored hashes carry their own parameters, so a later raise needs only a new KDF_PARAMS:
// weaker hashes are upgraded at the next sign-in (service/auth/rehash.ts).
//
// Tests lower the cost with JOURNAL_KDF_COST=test (set by scripts/run-node-tests.mjs and
// the end-to-end config), read once when this module loads; nothing else reads it.
import { scrypt as scryptCb } from 'node:crypto';

export interface KdfParams {
  /** CPU/memory cost, a power of two. */
  readonly N: number;
  /** Block size. */
  readonly r: number;
  /** Parallelization. */
  readonly p: number;
}

/** The production cost: about 0.45 s and 192 MiB per hash on the measuring machine. */
export const PRODUCTION_KDF: KdfParams = Object.freeze({ N: 2 ** 17, r: 12, p: 1 });

/** The test suites' cost (JOURNAL_KDF_COST=test): a few milliseconds per hash. */
export const TEST_KDF: KdfParams = Object.freeze({ N: 2 ** 10, r: 8, p: 1 });

/** The parameters for a value of JOURNAL_KDF_COST: 'test' lowers the cost; anything else is production. */
export function kdfParamsFor(cost: string | undefined): KdfParams {
  return cost === 'test' ? TEST_KDF : PRODUCTION_KDF;
}

/** The current parameters: new hashes and keys use them. */
export const KDF_PARAMS: KdfParams = kdfParamsFor(process.env.JOURNAL_KDF_COST);

/**
 * The most a stored record may ask for. Parameters come from the database and the share:
 * a forged record asking for N=2^30 must not take the computer's memory.
 */
const LIMITS: KdfParams = { N: 2 ** 20, r: 32, p: 16 };

/** True when `params` are sane scrypt parameters within LIMITS. */
export function isAcceptableParams(params: KdfParams): boolean {
  const { N, r, p } = params;
  return Number.isSafeInteger(N) && N >= 2 && N <= LIMITS.N && (N & (N - 1)) === 0
    && Number.isSafeInteger(r) && r >= 1 && r <= LIMITS.r
    && Number.isSafeInteger(p) && p >= 1 && p <= LIMITS.p;
}

/** Memory scrypt needs (OpenSSL's check: 128·r·(N+2) for V plus 128·r·p for B), with a margin. */
function maxmemFor({ N, r, p }: KdfParams): number {
  return 128 * r * (N + 2) + 128 * r * p + 1024 * 1024;
}

/**
 * True when hashes made with `params` resist guessing less than the current ones: less
 * memory (128·N·r) or less work (N·r·p). A stronger record is never "upgraded" down.
 */
export function isWeakerThanCurrent(params: KdfParams, current: KdfParams = KDF_PARAMS): boolean {
  return params.N * params.r < current.N * current.r || params.N * params.r * params.p < current.N * current.r * current.p;
}

/**
 * Two scrypt runs at a time in this process, the others waiting their turn in order: each
 * takes its 192 MiB and a core for half a second in Node's thread pool (4 threads), which
 * SQLite and the file system need too; a dozen at once (the demo school's accounts, an
 * import of staff) would hold every thread, and the memory of all of them.
 */
const SCRYPT_SLOTS = 2;
let freeSlots = SCRYPT_SLOTS;
const queued: (() => void)[] = [];

async function inSlot<T>(job: () => Promise<T>): Promise<T> {
  if (freeSlots > 0) freeSlots--;
  else await new Promise<void>((resolve) => queued.push(resolve));
  try {
    return await job();
  } finally {
    const next = queued.shift();
    if (next) next();
    else freeSlots++;
  }
}

/** scrypt of the NFC-normalized secret; refuses parameters outside the limits. */
export function scryptKey(secret: string, salt: Buffer, keylen: number, params: KdfParams = KDF_PARAMS): Promise<Buffer> {
  if (!isAcceptableParams(params)) return Promise.reject(new RangeError(`scrypt parameters out of bounds: N=${params.N} r=${params.r} p=${params.p}`));
  const opts = { N: params.N, r: params.r, p: params.p, maxmem: maxmemFor(params) };
  const input = secret.normalize('NFC');
  return inSlot(() => new Promise<Buffer>((resolve, reject) =>
    scryptCb(input, salt, keylen, opts, (err, k) => (err ? reject(err) : resolve(k))),
  ));
}
