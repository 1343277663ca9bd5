import type { PipelineListOptions } from './pipelines.js';
import { foldForSearch } from '../db/pipeline-search.js';
import { asciiLower, triggerTypeWord } from './pipeline-keyword.js';
import { TrigramPostings } from './trigram-postings.js';

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

type SortKey = 'name' | 'updatedAt' | 'lastRunAt';
const SORT_KEYS: readonly SortKey[] = ['name', 'updatedAt', 'lastRunAt'];

/**
 * SQLite's BINARY order (UTF-8 bytes, i.e. code points), with NULL before every value: what
 * `order by x asc, name asc` gives. JavaScript's `<` compares UTF-16 units, which differs only
 * where a surrogate pair meets a character above U+E000.
 */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === n) return a.length - b.length;
  const x = a.codePointAt(i)!;
  const y = b.codePointAt(i)!;
  return x - y;
}

function compareRows(sort: SortKey, a: ListRow, b: ListRow): number {
  if (sort !== 'name') {
    const x = a[sort];
    const y = b[sort];
    if (x !== y) {
      if (x === null) return -1;
      if (y === null) return 1;
      const c = compareText(x, y);
      if (c !== 0) return c;
    }
  }
  return compareText(a.name, b.name);
}

/** First position in `rows` (sorted by `sort`) whose row is not before `row`. */
function insertionPoint(rows: Entry[], row: Entry, sort: SortKey): number {
  let low = 0;
  let high = rows.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareRows(sort, rows[mid]!, row) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

const FAVORITE = ',"favorite":false,"lastRun":';

function withFavorite(json: string, favorite: boolean): string {
  if (!favorite) return json;
  const at = json.indexOf(FAVORITE);
  // No string value can hold the unescaped quotes of FAVORITE, so the first match is the key.
  return `${json.slice(0, at)},"favorite":true,"lastRun":${json.slice(at + FAVORITE.length)}`;
}

/**
 * A row as the index keeps it: one fixed shape, its filter values as small numbers (strings read
 * from SQLite are not interned, so comparing them costs their length, 10,000 times a query), and
 * `key`, its place in the per-query mark arrays.
 */
interface Entry extends ListRow {
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
  items: string[];
  total: number;
}

/** What a query keeps, in the numbers the entries carry; null members test nothing. */
interface Wanted {
  group: number | null;
  status: number | null;
  triggerBit: number | null;
  /** By entry key: 1 for a keyword match or a favorite as asked. */
  marks: Uint8Array | null;
}

/**
 * The pipeline list served from memory: every pipeline's row, kept sorted by each sort key, so a
 * page is a walk of one array and its exact total a count on the way. It is a read model, not a
 * cache of answers: writes of this process name the pipelines they changed (`changed`), and the
 * next read reloads just those rows before it answers, so a read after an acknowledged write
 * always sees it. Writes it cannot hear of (another connection to the file) make it reload
 * everything; so does a change of unknown scope. Favorites are read from the store on every
 * request.
 */
export class PipelineListIndex {
  private rows = new Map<string, Entry>();
  private sorted: Record<SortKey, Entry[]> = { name: [], updatedAt: [], lastRunAt: [] };
  private groups = new Codes();
  private statuses = new Codes();
  private triggerWords = new Codes();
  private nextKey = 0;
  /** Trigrams of the folded names and descriptions, by entry key. */
  private trigrams = new TrigramPostings();
  /** The entry holding each key, undefined once it left. */
  private byKey: (Entry | undefined)[] = [];
  private loaded = false;
  private everything = true;
  private readonly dirty = new Set<string>();
  private refreshing: Promise<void> | null = null;

  constructor(private readonly source: ListSource) {}

  /** These pipelines changed (created, edited, deleted, a run moved); none named: anything may have. */
  changed(ids?: readonly string[]): void {
    if (ids === undefined) this.everything = true;
    else for (const id of ids) this.dirty.add(id);
  }

  async page(o: PipelineListOptions & { limit: number; offset: number }): Promise<ListPage> {
    await this.fresh();
    const sort = o.sort ?? 'name';
    const ascending = (o.order ?? (sort === 'name' ? 'asc' : 'desc')) === 'asc';
    const rows = this.sorted[sort];
    const favorites = await this.source.favorites(o.userId);
    const wanted = this.wanted(o, favorites);
    const items: string[] = [];
    const mark = (row: Entry) => withFavorite(row.json, favorites.has(row.id));
    const end = o.offset + o.limit;
    const n = rows.length;
    if (!wanted) {
      for (let i = o.offset; i < Math.min(end, n); i++) items.push(mark(rows[ascending ? i : n - 1 - i]!));
      return { items, total: n };
    }
    if (wanted === 'none') return { items, total: 0 };
    const { group, status, triggerBit, marks } = wanted;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const row = rows[ascending ? i : n - 1 - i]!;
      if (group !== null && row.groupCode !== group) continue;
      if (status !== null && row.statusCode !== status) continue;
      if (triggerBit !== null && (row.triggerBits & triggerBit) === 0) continue;
      if (marks !== null && marks[row.key] !== 1) continue;
      if (total >= o.offset && total < end) items.push(mark(row));
      total++;
    }
    return { items, total };
  }

  /** The query's conditions; null when it has none, 'none' when no row can meet them. */
  private wanted(o: PipelineListOptions, favorites: Set<string>): Wanted | null | 'none' {
    const code = (codes: Codes, value: string | undefined) =>
      value === undefined ? null : codes.find(value);
    const group = code(this.groups, o.group);
    const status = code(this.statuses, o.status);
    const word = o.trigger === undefined ? null : this.triggerWords.find(triggerTypeWord(o.trigger));
    if (group === -1 || status === -1 || word === -1) return 'none';
    let marks: Uint8Array | null = null;
    if (word !== null && word >= TRIGGER_BITS) {
      // Past the bits (only stores written by hand have that many words): read the text.
      const pattern = `,${triggerTypeWord(o.trigger!)},`;
      marks = new Uint8Array(this.nextKey);
      for (const entry of this.rows.values())
        if (asciiLower(entry.triggers).includes(pattern)) marks[entry.key] = 1;
    }
    if (o.q !== undefined && o.q !== '') {
      const found = this.keywordMarks(foldForSearch(o.q));
      if (marks) for (let k = 0; k < found.length; k++) marks[k] = marks[k]! & found[k]!;
      else marks = found;
    }
    if (o.favorite !== undefined) {
      // Favorites are few: mark them, then keep (or drop) what is marked among the matches.
      const chosen = new Uint8Array(this.nextKey);
      for (const id of favorites) {
        const entry = this.rows.get(id);
        if (entry) chosen[entry.key] = 1;
      }
      if (!o.favorite) for (let k = 0; k < chosen.length; k++) chosen[k] = chosen[k] === 1 ? 0 : 1;
      if (marks) for (let k = 0; k < chosen.length; k++) marks[k] = marks[k]! & chosen[k]!;
      else marks = chosen;
    }
    if (group === null && status === null && word === null && marks === null) return null;
    return { group, status, triggerBit: word === null || word >= TRIGGER_BITS ? null : 1 << word, marks };
  }

  /** 1 by the key of every entry whose folded name or description holds `folded`. */
  private keywordMarks(folded: string): Uint8Array {
    const found = new Uint8Array(this.nextKey);
    const holds = (entry: Entry) =>
      entry.searchName.includes(folded) || entry.searchDescription.includes(folded);
    const candidates = this.trigrams.candidates(folded);
    if (candidates === null) {
      for (const entry of this.rows.values()) if (holds(entry)) found[entry.key] = 1;
    } else {
      for (const key of candidates) {
        const entry = this.byKey[key];
        if (entry !== undefined && found[key] === 0 && holds(entry)) found[key] = 1;
      }
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
      json: row.json,
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
      if (old) this.remove(old);
      const row = byId.get(id);
      if (!row) continue;
      this.insert(this.entryOf(row, old?.key), old);
    }
  }

  private replaceAll(found: ListRow[]): void {
    this.trigrams = new TrigramPostings();
    this.byKey = [];
    this.groups = new Codes();
    this.statuses = new Codes();
    this.triggerWords = new Codes();
    this.nextKey = 0;
    const rows = found.map((row) => this.entryOf(row));
    this.rows = new Map(rows.map((row) => [row.id, row]));
    for (const row of rows) this.index(row);
    for (const sort of SORT_KEYS) this.sorted[sort] = [...rows].sort((a, b) => compareRows(sort, a, b));
  }

  private remove(row: Entry): void {
    this.rows.delete(row.id);
    this.byKey[row.key] = undefined;
    for (const sort of SORT_KEYS) {
      const list = this.sorted[sort];
      const at = insertionPoint(list, row, sort);
      const found = list[at] === row ? at : list.indexOf(row);
      if (found >= 0) list.splice(found, 1);
    }
  }

  /** Adds a row; `old`, the row it replaces, keeps its trigrams when the text stayed (a run moved). */
  private insert(row: Entry, old?: Entry): void {
    this.rows.set(row.id, row);
    if (old && old.searchName === row.searchName && old.searchDescription === row.searchDescription)
      this.byKey[row.key] = row;
    else this.index(row);
    for (const sort of SORT_KEYS)
      this.sorted[sort].splice(insertionPoint(this.sorted[sort], row, sort), 0, row);
  }

  private index(row: Entry): void {
    this.byKey[row.key] = row;
    this.trigrams.add(row.key, row.searchName);
    this.trigrams.add(row.key, row.searchDescription);
  }
}
