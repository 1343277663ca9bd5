import type { PipelineListOptions } from './pipelines.js';
import { foldForSearch } from '../db/pipeline-search.js';
import { asciiLower, triggerTypeWord } from './pipeline-keyword.js';
import { ListLayout, type Layout, type SortKey } from './list-layout.js';
import { NgramPostings } from './ngram-postings.js';

/** A pipeline as the list needs it: what it filters and sorts by, and its summary's JSON. */
export interface ListRow {
  id: string;
  name: string;
  group: string;
  status: string | null;
  /** `,manual,push,` as stored. */
  triggers: string;
  updatedAt: string;
  lastRunAt: string | null;
  /** Folded as `foldForSearch` folds, read from `pipeline_search`. */
  searchName: string;
  searchDescription: string;
  /** The summary's JSON with `"favorite":false`: the caller's mark is put in per request. */
  json: string;
}

/** Where the store comes in: all rows, some rows by id (absent ones are gone), a user's favorites. */
export interface ListSource {
  all(): Promise<ListRow[]>;
  some(ids: string[]): Promise<ListRow[]>;
  favorites(userId: string): Promise<Set<string>>;
  /** Whether writes the index did not hear of may have happened (another connection's). */
  changedElsewhere(): Promise<boolean>;
}

const NOT_FAVORITE = Buffer.from(',"favorite":false,"lastRun":');
const FAVORITE = Buffer.from(',"favorite":true,"lastRun":');

function withFavorite(json: Buffer): Buffer {
  // No string value can hold the unescaped quotes of the key, so the first match is the key.
  const at = json.indexOf(NOT_FAVORITE);
  if (at < 0) throw new Error('a list row without "favorite":false');
  const bytes = Buffer.allocUnsafeSlow(json.length - NOT_FAVORITE.length + FAVORITE.length);
  json.copy(bytes, 0, 0, at);
  FAVORITE.copy(bytes, at);
  json.copy(bytes, at + FAVORITE.length, at + NOT_FAVORITE.length);
  return bytes;
}

/**
 * The text as UTF-8 in memory of its own. Buffer.from would hand out a slice of Node's shared
 * 8 KB pool, and a row kept for hours would keep its whole block alive: as runs re-encode rows,
 * that grows to a block per pipeline.
 */
function ownBytes(text: string): Buffer {
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
  bytes.write(text);
  return bytes;
}

/**
 * A row as the index keeps it: one fixed shape, its filter values as small numbers (strings read
 * from SQLite are not interned, so comparing them costs their length, 10,000 times a query), and
 * `key`, its place in the per-query mark arrays.
 */
interface Entry extends Omit<ListRow, 'json'> {
  /**
   * The summary's JSON as UTF-8, which is what goes out: a page is then a copy of bytes, where a joined
   * string would be encoded again for every response (most pages hold a non-Latin-1 character,
   * which makes the whole string two-byte and its encoding slow).
   */
  bytes: Buffer;
  /** The same with `"favorite":true`, made the first time a page shows the row as a favorite. */
  favoriteBytes: Buffer | null;
  key: number;
  groupCode: number;
  statusCode: number;
  triggerBits: number;
}

/** Trigger words with a bit of their own; the fixed vocabulary has four. */
const TRIGGER_BITS = 30;

/** Numbers for the distinct values of one column; they only grow until the next full reload. */
class Codes {
  private readonly codes = new Map<string, number>();
  of(value: string): number {
    let code = this.codes.get(value);
    if (code === undefined) this.codes.set(value, (code = this.codes.size));
    return code;
  }
  /** The value's number, or -1 when no row has it. */
  find(value: string): number {
    return this.codes.get(value) ?? -1;
  }
}

export interface ListPage {
  /** Each row's summary as UTF-8 JSON. */
  items: Buffer[];
  total: number;
}

/** What a query keeps, in the numbers the index keeps; null members test nothing. */
interface Conditions {
  group: number | null;
  status: number | null;
  triggerBit: number | null;
  /** Keys of the only rows that may be kept (keyword hits, favorites), each once; null: any row. */
  among: number[] | null;
  /** The rows to leave out, marked by key (the favorites, for favorite=false). */
  excluded: KeyMarks | null;
  /** The keys `excluded` marks, each once. */
  excludedKeys: number[] | null;
}

export interface ListIndexOptions {
  /**
   * A list of candidates (keyword hits, favorites) is answered by sorting their places when it
   * holds at most 1/sortCandidatesBelow of all rows, which costs less than a walk of every row in
   * order; past that, by the walk. 16 unless set: tests set 0 (always sort) and Infinity (always
   * walk) to hold both ways to the SQL list.
   */
  sortCandidatesBelow?: number;
}

/** Joins a folded name and description: a keyword holding it is checked part by part. */
const SEPARATOR = '\u0000';

/** Users whose favorites are kept in memory at once; the least recently read ones go first. */
const FAVORITES_KEPT = 1_000;

/**
 * The pipeline list served from memory: every pipeline's row, kept sorted by each sort key, so a
 * page is a walk of one array and its exact total a count on the way, or, for a keyword or the
 * favorites, a sort of the few rows that match. It is a read model, not a cache of answers:
 * writes of this process name the pipelines they changed (`changed`), and the next read reloads
 * just those rows before it answers, so a read after an acknowledged write always sees it. Writes
 * it cannot hear of (another connection to the file) make it reload everything; so does a change
 * of unknown scope. A user's favorites are read once and kept until `favoritesChanged` names the
 * user or everything is reloaded.
 */
export class PipelineListIndex {
  private rows = new Map<string, Entry>();
  private readonly layout = new ListLayout<Entry>();
  private groups = new Codes();
  private statuses = new Codes();
  private triggerWords = new Codes();
  private nextKey = 0;
  /** Grams of the folded names and descriptions, by entry key. */
  private grams = new NgramPostings();
  /** The entry holding each key, undefined once it left. */
  private byKey: (Entry | undefined)[] = [];
  /**
   * By key, the folded name and description as one text, split by SEPARATOR: a keyword check is
   * then one search of one string, which matters when thousands of candidates are checked.
   */
  private searchTexts: (string | undefined)[] = [];
  /** Keys whose text changed since the last full load: their old grams are still listed. */
  private reindexed = new Set<number>();
  private loaded = false;
  private everything = true;
  private readonly dirty = new Set<string>();
  private refreshing: Promise<void> | null = null;
  private favoriteSets = new Map<string, Set<string>>();
  /** Moves with every favorites change: a read that started before one must not keep its answer. */
  private favoritesGeneration = 0;

  private readonly sortCandidatesBelow: number;
  /** Scratch marks, reused by every query: a keyword's checked candidates, then the kept rows. */
  private readonly keptMarks = new KeyMarks();
  /** The caller's favorites: marked on the page's rows, and what favorite=false leaves out. */
  private readonly favoriteMarks = new KeyMarks();
  /** Keys of each kept favorites set, as of `rowsVersion` (ids map to keys only among the rows). */
  private favoriteKeysOf = new WeakMap<Set<string>, { keys: number[]; rowsVersion: number }>();
  /** Moves whenever a row comes or goes, which may change the keys a set of ids names. */
  private rowsVersion = 0;

  constructor(
    private readonly source: ListSource,
    options: ListIndexOptions = {},
  ) {
    this.sortCandidatesBelow = options.sortCandidatesBelow ?? 16;
  }

  /** These pipelines changed (created, edited, deleted, a run moved); none named: anything may have. */
  changed(ids?: readonly string[]): void {
    if (ids === undefined) this.everything = true;
    else for (const id of ids) this.dirty.add(id);
  }

  /** The user's favorites changed. */
  favoritesChanged(userId: string): void {
    this.favoritesGeneration++;
    this.favoriteSets.delete(userId);
  }

  async page(o: PipelineListOptions & { limit: number; offset: number }): Promise<ListPage> {
    await this.fresh();
    const favorites = await this.favoritesOf(o.userId);
    // From here on nothing awaits: rows, codes and layout are read as one state.
    const layout = this.layout.read();
    const sort = o.sort ?? 'name';
    const ascending = (o.order ?? (sort === 'name' ? 'asc' : 'desc')) === 'asc';
    const favoriteKeys = this.keysOf(favorites);
    const favoriteMarks = this.favoriteMarks.begin(this.nextKey);
    for (const key of favoriteKeys) favoriteMarks.mark(key);
    const conditions = this.conditions(o, favoriteKeys, favoriteMarks);
    if (conditions === 'none') return { items: [], total: 0 };
    const order = layout.order[sort];
    const n = order.length;
    const end = o.offset + o.limit;
    const items: Buffer[] = [];
    const push = (key: number) => {
      const row = this.byKey[key]!;
      if (!favoriteMarks.has(key)) items.push(row.bytes);
      else items.push((row.favoriteBytes ??= withFavorite(row.bytes)));
    };
    if (!conditions) {
      for (let i = o.offset; i < Math.min(end, n); i++) push(order[ascending ? i : n - 1 - i]!);
      return { items, total: n };
    }
    const keeps = this.keeps(conditions, layout);
    if (conditions.among && conditions.among.length * this.sortCandidatesBelow <= n) {
      // Few candidates: sort the places of those kept, then read the page off them.
      const places: number[] = [];
      const rank = layout.rank[sort];
      for (const key of conditions.among) if (keeps(key)) places.push(rank[key]!);
      const sortedPlaces = Int32Array.from(places).sort();
      const m = sortedPlaces.length;
      for (let i = o.offset; i < Math.min(end, m); i++)
        push(order[sortedPlaces[ascending ? i : m - 1 - i]!]!);
      return { items, total: m };
    }
    // The total first, from the candidates or the rows' combinations; then a walk in order that
    // stops once the page is full.
    let kept: KeyMarks | null = null;
    let total = 0;
    if (conditions.among) {
      kept = this.keptMarks.begin(this.nextKey);
      for (const key of conditions.among)
        if (keeps(key)) {
          kept.mark(key);
          total++;
        }
    } else total = this.countKept(conditions, layout);
    // Without candidates, only the rows of the query's group (or status) need walking.
    const walked = kept === null ? (this.narrowest(sort, conditions) ?? order) : order;
    const w = walked.length;
    let seen = 0;
    for (let i = 0; i < w && seen < end; i++) {
      const key = walked[ascending ? i : w - 1 - i]!;
      if (kept !== null ? !kept.has(key) : !keeps(key)) continue;
      if (seen >= o.offset) push(key);
      seen++;
    }
    return { items, total };
  }

  /** The smaller of the parts of `sort`'s order that the query's group and status name; null: neither is set. */
  private narrowest(sort: SortKey, { group, status }: Conditions): Int32Array | null {
    const byGroup = group === null ? null : this.layout.orderWhere(sort, 'group', group);
    const byStatus = status === null ? null : this.layout.orderWhere(sort, 'status', status);
    if (byGroup === null || byStatus === null) return byGroup ?? byStatus;
    return byGroup.length <= byStatus.length ? byGroup : byStatus;
  }

  /** How many rows meet conditions that name no candidates: their combinations' counts, less the excluded. */
  private countKept(conditions: Conditions, layout: Layout): number {
    const { group, status, triggerBit } = conditions;
    let total = 0;
    for (const combination of layout.combinations)
      if (
        (group === null || combination.group === group) &&
        (status === null || combination.status === status) &&
        (triggerBit === null || (combination.triggers & triggerBit) !== 0)
      )
        total += combination.count;
    if (conditions.excludedKeys) {
      const keeps = this.keeps({ ...conditions, excluded: null }, layout);
      for (const key of conditions.excludedKeys) if (keeps(key)) total--;
    }
    return total;
  }

  /** Whether a row meets the conditions other than `among`. */
  private keeps({ group, status, triggerBit, excluded }: Conditions, layout: Layout) {
    const { groupOf, statusOf, triggersOf } = layout;
    return (key: number) =>
      (group === null || groupOf[key] === group) &&
      (status === null || statusOf[key] === status) &&
      (triggerBit === null || (triggersOf[key]! & triggerBit) !== 0) &&
      (excluded === null || !excluded.has(key));
  }

  /** The query's conditions; null when it has none, 'none' when no row can meet them. */
  private conditions(
    o: PipelineListOptions,
    favoriteKeys: number[],
    favoriteMarks: KeyMarks,
  ): Conditions | null | 'none' {
    // An empty value filters nothing, as in the SQL list (`?group=` is no group filter).
    const code = (codes: Codes, value: string | undefined) => (value ? codes.find(value) : null);
    const group = code(this.groups, o.group);
    const status = code(this.statuses, o.status);
    const word = o.trigger ? this.triggerWords.find(triggerTypeWord(o.trigger)) : null;
    if (group === -1 || status === -1 || word === -1) return 'none';
    const lists: number[][] = [];
    if (word !== null && word >= TRIGGER_BITS) {
      // Past the bits (only stores written by hand have that many words): read the text.
      const pattern = `,${triggerTypeWord(o.trigger!)},`;
      const keys: number[] = [];
      for (const entry of this.rows.values())
        if (asciiLower(entry.triggers).includes(pattern)) keys.push(entry.key);
      lists.push(keys);
    }
    if (o.q !== undefined && o.q !== '') lists.push(this.keywordKeys(foldForSearch(o.q)));
    let excluded: KeyMarks | null = null;
    let excludedKeys: number[] | null = null;
    if (o.favorite !== undefined) {
      if (o.favorite) lists.push(favoriteKeys);
      else {
        excluded = favoriteMarks;
        excludedKeys = favoriteKeys;
      }
    }
    const among = lists.length === 0 ? null : lists.length === 1 ? lists[0]! : intersect(lists, this.nextKey);
    if (group === null && status === null && word === null && among === null && excluded === null)
      return null;
    const triggerBit = word === null || word >= TRIGGER_BITS ? null : 1 << word;
    return { group, status, triggerBit, among, excluded, excludedKeys };
  }

  /** The key of every entry whose folded name or description holds `folded`, each once. */
  private keywordKeys(folded: string): number[] {
    const keys: number[] = [];
    const candidates = this.grams.candidates(folded);
    if (candidates === null) return keys;
    // A keyword no longer than a gram is its own gram: every key on its list holds it, but for
    // keys whose text changed since (their old grams stay listed).
    const exact = this.grams.exactFor(folded);
    const stale = this.reindexed;
    // Without the separator in it, a keyword found in the joined text lies in one of its parts.
    const joinedHolds = !folded.includes(SEPARATOR);
    const texts = this.searchTexts;
    const seen = this.keptMarks.begin(this.nextKey);
    for (const key of candidates) {
      const text = texts[key];
      if (text === undefined || seen.has(key)) continue;
      seen.mark(key);
      if (exact && (stale.size === 0 || !stale.has(key))) keys.push(key);
      else if (joinedHolds ? text.includes(folded) : this.partHolds(key, folded)) keys.push(key);
    }
    return keys;
  }

  private partHolds(key: number, folded: string): boolean {
    const entry = this.byKey[key]!;
    return entry.searchName.includes(folded) || entry.searchDescription.includes(folded);
  }

  /** The keys of the favorites among the rows, each once; shared, so never changed by a caller. */
  private keysOf(favorites: Set<string>): number[] {
    const known = this.favoriteKeysOf.get(favorites);
    if (known && known.rowsVersion === this.rowsVersion) return known.keys;
    const keys: number[] = [];
    for (const id of favorites) {
      const entry = this.rows.get(id);
      if (entry) keys.push(entry.key);
    }
    this.favoriteKeysOf.set(favorites, { keys, rowsVersion: this.rowsVersion });
    return keys;
  }

  private async favoritesOf(userId: string): Promise<Set<string>> {
    const kept = this.favoriteSets.get(userId);
    if (kept) {
      // Read again: it becomes the most recently used.
      this.favoriteSets.delete(userId);
      this.favoriteSets.set(userId, kept);
      return kept;
    }
    const generation = this.favoritesGeneration;
    const found = await this.source.favorites(userId);
    if (generation === this.favoritesGeneration) {
      if (this.favoriteSets.size >= FAVORITES_KEPT)
        this.favoriteSets.delete(this.favoriteSets.keys().next().value!);
      this.favoriteSets.set(userId, found);
    }
    return found;
  }

  /** The entry for a row read from the store, keeping the key of the row it replaces. */
  private entryOf(row: ListRow, key = this.nextKey++): Entry {
    // The words between two commas: what LIKE '%,word,%' finds, ASCII case folded as LIKE folds it.
    let triggerBits = 0;
    const words = asciiLower(row.triggers).split(',');
    for (let i = 1; i < words.length - 1; i++) {
      const code = this.triggerWords.of(words[i]!);
      triggerBits |= code < TRIGGER_BITS ? 1 << code : 1 << TRIGGER_BITS;
    }
    return {
      id: row.id,
      name: row.name,
      group: row.group,
      status: row.status,
      triggers: row.triggers,
      updatedAt: row.updatedAt,
      lastRunAt: row.lastRunAt,
      searchName: row.searchName,
      searchDescription: row.searchDescription,
      bytes: ownBytes(row.json),
      favoriteBytes: null,
      key,
      groupCode: this.groups.of(row.group),
      statusCode: row.status === null ? -2 : this.statuses.of(row.status),
      triggerBits,
    };
  }

  /** Brings the rows up to date with every write heard of, one refresh at a time. */
  private async fresh(): Promise<void> {
    for (;;) {
      if (this.refreshing) {
        await this.refreshing;
        continue;
      }
      // Asked before the first load too: that answer is the baseline later ones compare with.
      const elsewhere = await this.source.changedElsewhere();
      if (!this.loaded || elsewhere) this.everything = true;
      // Another read may have started a refresh while this one asked.
      if (this.refreshing) continue;
      if (!this.everything && this.dirty.size === 0) return;
      this.refreshing = this.refresh().finally(() => {
        this.refreshing = null;
      });
      await this.refreshing;
      return;
    }
  }

  private async refresh(): Promise<void> {
    // Taken before the reads: a write landing during them names its pipeline again.
    const ids = [...this.dirty];
    this.dirty.clear();
    if (this.everything) {
      this.everything = false;
      // Favorites may have changed with everything else; a read in flight must not keep its answer.
      this.favoriteSets.clear();
      this.favoritesGeneration++;
      try {
        this.replaceAll(await this.source.all());
        this.loaded = true;
      } catch (error) {
        this.everything = true;
        throw error;
      }
      return;
    }
    let found: ListRow[];
    try {
      found = await this.source.some(ids);
    } catch (error) {
      for (const id of ids) this.dirty.add(id);
      throw error;
    }
    const byId = new Map(found.map((row) => [row.id, row]));
    for (const id of ids) {
      const old = this.rows.get(id);
      const row = byId.get(id);
      if (old && row) this.replace(old, this.entryOf(row, old.key));
      else if (old) this.remove(old);
      else if (row) this.insert(this.entryOf(row));
    }
  }

  private replaceAll(found: ListRow[]): void {
    this.grams = new NgramPostings();
    this.reindexed = new Set();
    this.byKey = [];
    this.searchTexts = [];
    this.groups = new Codes();
    this.statuses = new Codes();
    this.triggerWords = new Codes();
    this.nextKey = 0;
    this.rowsVersion++;
    const rows = found.map((row) => this.entryOf(row));
    this.rows = new Map(rows.map((row) => [row.id, row]));
    for (const row of rows) this.index(row);
    this.layout.reset(rows, this.nextKey);
  }

  private remove(row: Entry): void {
    this.rowsVersion++;
    this.rows.delete(row.id);
    this.byKey[row.key] = undefined;
    this.searchTexts[row.key] = undefined;
    this.layout.delete(row);
  }

  private insert(row: Entry): void {
    this.rowsVersion++;
    this.rows.set(row.id, row);
    this.index(row);
    this.layout.add(row);
  }

  /** `row` replaces `old` under its key; the grams stay when the text did (a run moved). */
  private replace(old: Entry, row: Entry): void {
    this.rows.set(row.id, row);
    if (old.searchName === row.searchName && old.searchDescription === row.searchDescription)
      this.byKey[row.key] = row;
    else {
      this.reindexed.add(row.key);
      this.index(row);
    }
    this.layout.replace(old, row);
  }

  private index(row: Entry): void {
    this.byKey[row.key] = row;
    this.searchTexts[row.key] = `${row.searchName}${SEPARATOR}${row.searchDescription}`;
    this.grams.add(row.key, row.searchName);
    this.grams.add(row.key, row.searchDescription);
  }
}

/**
 * Marks on entry keys that a new round clears all at once, so a query marks thousands of keys
 * without allocating (fresh typed arrays per query showed as garbage collection): a key is marked
 * when it holds the current round's number.
 */
class KeyMarks {
  private marks = new Int32Array(1024);
  private round = 0;

  /** A new round over keys below `size`: no key is marked. */
  begin(size: number): this {
    if (size > this.marks.length) this.marks = new Int32Array(Math.max(size, this.marks.length * 2));
    if (++this.round === 0x7fffffff) {
      this.marks.fill(0);
      this.round = 1;
    }
    return this;
  }

  mark(key: number): void {
    this.marks[key] = this.round;
  }

  has(key: number): boolean {
    return this.marks[key] === this.round;
  }
}

/** The keys in every one of `lists` (each list holding a key at most once). */
function intersect(lists: number[][], size: number): number[] {
  const counts = new Uint8Array(size);
  for (const list of lists) for (const key of list) counts[key]!++;
  return lists[0]!.filter((key) => counts[key] === lists.length);
}

const PAGE_OPEN = Buffer.from('{"items":[');

/** `{"items":[...],"total":n}` from the rows' bytes: one allocation and a copy of each row. */
export function jsonPage(items: readonly Buffer[], total: number): Buffer {
  const close = Buffer.from(`],"total":${total}}`);
  let length = PAGE_OPEN.length + Math.max(items.length - 1, 0) + close.length;
  for (const item of items) length += item.length;
  // Not from the shared pool either: a cached page may be kept for a minute.
  const page = Buffer.allocUnsafeSlow(length);
  let at = PAGE_OPEN.copy(page, 0);
  for (let i = 0; i < items.length; i++) {
    if (i > 0) page[at++] = 0x2c; // ','
    at += items[i]!.copy(page, at);
  }
  close.copy(page, at);
  return page;
}
