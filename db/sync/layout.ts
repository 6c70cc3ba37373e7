// Where things live on the share. Each computer writes only into its own folder:
//   <share>/journal-sync/v1/nodes/<node id>/<seq, 10 digits>.seg    immutable segments
//   <share>/journal-sync/v1/nodes/<node id>/.tmp-<random>           being written (its own)
//   <share>/journal-sync/v1/snapshots/<node id>-<seq>-<stamp>.snap   compacted database copies
//   <share>/journal-sync/v1/snapshots/<node id>-<seq>-<stamp>.json   their manifests
// Any other name (desktop.ini, "… - Copy", sync-tool conflict copies, temp files of
// others) is not ours and is ignored.
import { join } from './share';

export const ROOT = join('journal-sync', 'v1');
const NODE_RE = /^[0-9a-f]{16}$/;
const SEGMENT_RE = /^(\d{10})\.seg$/;
const SNAPSHOT_RE = /^([0-9a-f]{16})-(\d{10})-(\d{17})\.json$/;

export function nodesDir(share: string): string {
  return join(share, ROOT, 'nodes');
}

export function nodeDir(share: string, node: string): string {
  return join(nodesDir(share), node);
}

export function snapshotsDir(share: string): string {
  return join(share, ROOT, 'snapshots');
}

export function segmentName(seq: number): string {
  return `${String(seq).padStart(10, '0')}.seg`;
}

export function segmentPath(share: string, node: string, seq: number): string {
  return join(nodeDir(share, node), segmentName(seq));
}

export function isNodeId(name: string): boolean {
  return NODE_RE.test(name);
}

/** The sequence number of a segment file name, or null for a name that is not ours. */
export function segmentSeq(name: string): number | null {
  const m = SEGMENT_RE.exec(name);
  return m ? Number(m[1]) : null;
}

/** A snapshot's names: its computer, that computer's last segment, and when it was taken (UTC, to the millisecond). */
export function snapshotNames(node: string, seq: number, stamp: string): { data: string; manifest: string } {
  const base = `${node}-${String(seq).padStart(10, '0')}-${stamp}`;
  return { data: `${base}.snap`, manifest: `${base}.json` };
}

export function snapshotStamp(at: Date): string {
  return at.toISOString().replace(/[^0-9]/g, '').slice(0, 17);
}

export function parseSnapshotManifestName(name: string): { node: string; seq: number; stamp: string } | null {
  const m = SNAPSHOT_RE.exec(name);
  return m ? { node: m[1]!, seq: Number(m[2]), stamp: m[3]! } : null;
}

export function tempName(): string {
  return `.tmp-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}
