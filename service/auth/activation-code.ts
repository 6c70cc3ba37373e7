// One-time activation codes (R-ROLE-6: the administrator creates a user and issues a login
// and a one-time activation code). Only the code's scrypt hash is stored
// (staff.activation_hash); the code itself is shown to the administrator once.
import { randomBytes } from 'node:crypto';

/** 32 symbols without the look-alikes I/1 and O/0: read aloud and typed without mistakes. */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 8;

/** Cyrillic letters that look like Latin ones, as typed on a Russian keyboard layout. */
const LOOK_ALIKES: Readonly<Record<string, string>> = {
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', Р: 'P', С: 'C', Т: 'T', Х: 'X', У: 'Y',
};

/** A new code, grouped for reading: 'K7QM-3XPA' (40 random bits). */
export function newActivationCode(random: (bytes: number) => Uint8Array = randomBytes): string {
  // 32 = 2^5, so taking the low five bits of a random byte has no bias.
  const chars = Array.from(random(CODE_LENGTH), (b) => ALPHABET[b & 31]!);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

/** The code as hashed and compared: upper case, without dashes and spaces, Cyrillic look-alikes read as Latin. */
export function normalizeActivationCode(typed: string): string {
  return Array.from(typed.toUpperCase().replace(/[\s-]/g, ''), (c) => LOOK_ALIKES[c] ?? c).join('');
}
