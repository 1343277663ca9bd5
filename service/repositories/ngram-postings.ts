/** The longest grams kept; a keyword of at least this many units is looked up by its rarest one. */
const MAX_GRAM = 3;

/**
 * For every run of one, two and three UTF-16 units, the keys of the texts that hold it: a keyword
 * can only be in a text that holds each of its grams, so the list of its rarest gram (of its own
 * length, up to three) holds the only texts worth checking. One- and two-unit keywords, which no
 * trigram serves, get their own list instead of a scan of every text.
 *
 * Lists only grow (a changed text adds its key again, a removed one stays): the caller checks each
 * candidate and drops repeats, so a stale key costs a check, never a wrong answer.
 */
export class NgramPostings {
  /** Grams of different lengths never collide as keys, so one map holds them all. */
  private readonly postings = new Map<string, number[]>();

  add(key: number, text: string): void {
    for (let n = 1; n <= MAX_GRAM; n++)
      for (let i = 0; i + n <= text.length; i++) {
        const gram = text.slice(i, i + n);
        const keys = this.postings.get(gram);
        if (keys === undefined) this.postings.set(gram, [key]);
        else if (keys[keys.length - 1] !== key) keys.push(key);
      }
  }

  /** Whether `needle` is a gram itself, so that every key `candidates` gives holds it, stale keys aside. */
  exactFor(needle: string): boolean {
    return needle.length > 0 && needle.length <= MAX_GRAM;
  }

  /** The keys that may hold `needle` (repeats possible); null for the empty needle, which every text holds. */
  candidates(needle: string): readonly number[] | null {
    if (needle.length === 0) return null;
    const n = Math.min(needle.length, MAX_GRAM);
    let rarest: number[] | undefined;
    for (let i = 0; i + n <= needle.length; i++) {
      const keys = this.postings.get(needle.slice(i, i + n));
      if (keys === undefined) return [];
      if (rarest === undefined || keys.length < rarest.length) rarest = keys;
    }
    return rarest!;
  }
}
