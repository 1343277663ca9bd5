/**
 * For each three UTF-16 units, the keys of the texts that hold them: a keyword of three or more
 * units can only be in a text that holds every one of its trigrams, so its rarest trigram's keys
 * are the only texts worth checking. Lists only grow (a changed text adds its key again, a
 * removed one stays): the caller checks each candidate, so a stale key costs a check, never a
 * wrong answer.
 */
export class TrigramPostings {
  private readonly postings = new Map<string, number[]>();

  add(key: number, text: string): void {
    for (let i = 0; i + 3 <= text.length; i++) {
      const trigram = text.slice(i, i + 3);
      const keys = this.postings.get(trigram);
      if (keys === undefined) this.postings.set(trigram, [key]);
      else if (keys[keys.length - 1] !== key) keys.push(key);
    }
  }

  /** The keys that may hold `needle`; null when it is too short to say. */
  candidates(needle: string): readonly number[] | null {
    if (needle.length < 3) return null;
    let rarest: number[] | undefined;
    for (let i = 0; i + 3 <= needle.length; i++) {
      const keys = this.postings.get(needle.slice(i, i + 3));
      if (keys === undefined) return [];
      if (rarest === undefined || keys.length < rarest.length) rarest = keys;
    }
    return rarest ?? [];
  }
}
