/** What the layout needs of a row: its place in each order, its filter values as numbers, its key. */
export interface LaidOutRow {
  key: number;
  name: string;
  updatedAt: string;
  lastRunAt: string | null;
  groupCode: number;
  statusCode: number;
  triggerBits: number;
}

export type SortKey = 'name' | 'updatedAt' | 'lastRunAt';
/** The columns that split the rows into parts, each row in exactly one. */
export type SplitColumn = 'group' | 'status';
export const SORT_KEYS: readonly SortKey[] = ['name', 'updatedAt', 'lastRunAt'];

/** Rows sharing one (group, status, triggers), and how many there are. */
export interface Combination {
  group: number;
  status: number;
  triggers: number;
  count: number;
}

/**
 * The rows laid out for reading: per sort key the row keys in order and each key's place in it,
 * and each key's filter values, in typed arrays, so a query walks numbers, not objects.
 */
export interface Layout {
  order: Record<SortKey, Int32Array>;
  rank: Record<SortKey, Int32Array>;
  groupOf: Int32Array;
  statusOf: Int32Array;
  triggersOf: Int32Array;
  /** Each distinct (group, status, triggers) of the rows; counts of 0 are left in. */
  combinations: readonly Combination[];
}

const EMPTY = new Int32Array(0);

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
  return a.codePointAt(i)! - b.codePointAt(i)!;
}

function compareRows(sort: SortKey, a: LaidOutRow, b: LaidOutRow): number {
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
function insertionPoint(rows: LaidOutRow[], row: LaidOutRow, sort: SortKey): number {
  let low = 0;
  let high = rows.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareRows(sort, rows[mid]!, row) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Keeps the rows sorted by each sort key, and the typed arrays a query reads, in step with every
 * change: filter values and combination counts as rows come and go, each order's arrays rebuilt
 * only when that order changed (a run that starts moves its row in the run-time order alone).
 */
export class ListLayout<Row extends LaidOutRow> {
  private sorted: Record<SortKey, Row[]> = { name: [], updatedAt: [], lastRunAt: [] };
  private orders: Partial<Record<SortKey, { order: Int32Array; rank: Int32Array }>> = {};
  /**
   * Per sort key and column, each value's rows in that order: a query filtered by group or status
   * walks its part alone. Made when first asked for, dropped with the order or when a row's value
   * in the column changes.
   */
  private splits: Partial<Record<`${SortKey} ${SplitColumn}`, Map<number, Int32Array>>> = {};
  private groupOf = new Int32Array(0);
  private statusOf = new Int32Array(0);
  private triggersOf = new Int32Array(0);
  private combinations = new Map<string, Combination>();
  private combinationList: Combination[] | null = null;
  /** Keys below this may be in use: the size of every by-key array. */
  private keys = 0;

  /** Starts over with these rows, whose keys are all below `keys`. */
  reset(rows: Row[], keys: number): void {
    this.keys = 0;
    this.groupOf = new Int32Array(0);
    this.statusOf = new Int32Array(0);
    this.triggersOf = new Int32Array(0);
    this.combinations = new Map();
    this.combinationList = null;
    this.orders = {};
    this.splits = {};
    this.reserve(keys);
    for (const row of rows) this.count(row, 1);
    for (const sort of SORT_KEYS) this.sorted[sort] = [...rows].sort((a, b) => compareRows(sort, a, b));
  }

  add(row: Row): void {
    this.reserve(row.key + 1);
    this.count(row, 1);
    for (const sort of SORT_KEYS) {
      this.sorted[sort].splice(insertionPoint(this.sorted[sort], row, sort), 0, row);
      this.orderChanged(sort);
    }
  }

  delete(row: Row): void {
    this.count(row, -1);
    for (const sort of SORT_KEYS) {
      const at = this.placeOf(sort, row);
      if (at >= 0) this.sorted[sort].splice(at, 1);
      this.orderChanged(sort);
    }
  }

  /** `row` takes the place of `old`, under the same key. */
  replace(old: Row, row: Row): void {
    this.count(old, -1);
    this.count(row, 1);
    for (const sort of SORT_KEYS) {
      if (old.groupCode !== row.groupCode) delete this.splits[`${sort} group`];
      if (old.statusCode !== row.statusCode) delete this.splits[`${sort} status`];
    }
    for (const sort of SORT_KEYS) {
      const list = this.sorted[sort];
      const at = this.placeOf(sort, old);
      if (at >= 0 && compareRows(sort, old, row) === 0) {
        // Same place in this order, same key: its arrays still hold.
        list[at] = row;
        continue;
      }
      if (at >= 0) list.splice(at, 1);
      list.splice(insertionPoint(list, row, sort), 0, row);
      this.orderChanged(sort);
    }
  }

  read(): Layout {
    const order = {} as Record<SortKey, Int32Array>;
    const rank = {} as Record<SortKey, Int32Array>;
    for (const sort of SORT_KEYS) {
      const built = (this.orders[sort] ??= this.build(sort));
      order[sort] = built.order;
      rank[sort] = built.rank;
    }
    this.combinationList ??= [...this.combinations.values()];
    return {
      order,
      rank,
      groupOf: this.groupOf,
      statusOf: this.statusOf,
      triggersOf: this.triggersOf,
      combinations: this.combinationList,
    };
  }

  /** The keys of `sort`'s order whose value in `column` is `value`, in that order. */
  orderWhere(sort: SortKey, column: SplitColumn, value: number): Int32Array {
    const split = (this.splits[`${sort} ${column}`] ??= this.split(sort, column));
    return split.get(value) ?? EMPTY;
  }

  private split(sort: SortKey, column: SplitColumn): Map<number, Int32Array> {
    const order = (this.orders[sort] ??= this.build(sort)).order;
    const valueOf = column === 'group' ? this.groupOf : this.statusOf;
    // Values are small numbers from 0, and -2 for a pipeline that never ran: counted 2 higher.
    // Runs that start change statuses many times a second, so this pass stays on typed arrays.
    let top = 0;
    for (const key of order) top = Math.max(top, valueOf[key]! + 2);
    const filled = new Int32Array(top + 1);
    for (const key of order) filled[valueOf[key]! + 2]!++;
    const parts: Int32Array[] = [];
    for (let slot = 0; slot <= top; slot++) parts.push(new Int32Array(filled[slot]!));
    filled.fill(0);
    for (const key of order) {
      const slot = valueOf[key]! + 2;
      parts[slot]![filled[slot]!++] = key;
    }
    const byValue = new Map<number, Int32Array>();
    for (let slot = 0; slot <= top; slot++) if (parts[slot]!.length > 0) byValue.set(slot - 2, parts[slot]!);
    return byValue;
  }

  private orderChanged(sort: SortKey): void {
    delete this.orders[sort];
    delete this.splits[`${sort} group`];
    delete this.splits[`${sort} status`];
  }

  private build(sort: SortKey) {
    const list = this.sorted[sort];
    const order = new Int32Array(list.length);
    const rank = new Int32Array(this.keys);
    for (let i = 0; i < list.length; i++) {
      order[i] = list[i]!.key;
      rank[list[i]!.key] = i;
    }
    return { order, rank };
  }

  private placeOf(sort: SortKey, row: Row): number {
    const list = this.sorted[sort];
    const at = insertionPoint(list, row, sort);
    return list[at] === row ? at : list.indexOf(row);
  }

  /** Counts the row in (1) or out (-1) of its combination, and writes its filter values. */
  private count(row: Row, by: 1 | -1): void {
    const name = `${row.groupCode} ${row.statusCode} ${row.triggerBits}`;
    let combination = this.combinations.get(name);
    if (!combination) {
      combination = { group: row.groupCode, status: row.statusCode, triggers: row.triggerBits, count: 0 };
      this.combinations.set(name, combination);
      this.combinationList = null;
    }
    combination.count += by;
    if (by === 1) {
      this.groupOf[row.key] = row.groupCode;
      this.statusOf[row.key] = row.statusCode;
      this.triggersOf[row.key] = row.triggerBits;
    }
  }

  /** Makes room in the by-key arrays for keys below `keys`; the rank arrays follow when rebuilt. */
  private reserve(keys: number): void {
    if (keys <= this.groupOf.length) {
      this.keys = Math.max(this.keys, keys);
      return;
    }
    const size = Math.max(keys, this.groupOf.length * 2, 1024);
    const grow = (from: Int32Array) => {
      const to = new Int32Array(size);
      to.set(from);
      return to;
    };
    this.groupOf = grow(this.groupOf);
    this.statusOf = grow(this.statusOf);
    this.triggersOf = grow(this.triggersOf);
    this.keys = Math.max(this.keys, keys);
    // A rank array must cover every key a query may look up.
    this.orders = {};
    this.splits = {};
  }
}
