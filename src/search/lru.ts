/**
 * A Map used as an approximate LRU, for the bounded caches (document analyses, question
 * readings, answers): an insert past `capacity` drops the first entry in order. A hit moves its
 * entry to the end only when more than `capacity / 2` inserts and moves happened since it last
 * moved (a move costs a delete and an insert, most of a remembered answer's lookup), so an entry
 * in use survives at least `capacity / 2` more inserts after each hit. Capacity 0 keeps nothing.
 */
export class Lru<V> {
  readonly #map = new Map<string, { value: V; used: number }>();
  /** Inserts and moves so far: an entry's `used` is this count when it last moved. */
  #clock = 0;
  constructor(readonly capacity: number) {}

  get size(): number {
    return this.#map.size;
  }

  has(key: string): boolean {
    return this.#map.has(key);
  }

  get(key: string): V | undefined {
    const entry = this.#map.get(key);
    if (entry === undefined) return undefined;
    if (this.#clock - entry.used > this.capacity / 2) {
      this.#map.delete(key);
      entry.used = ++this.#clock;
      this.#map.set(key, entry);
    }
    return entry.value;
  }

  set(key: string, value: V): void {
    if (this.capacity <= 0) return;
    this.#map.delete(key);
    this.#map.set(key, { value, used: ++this.#clock });
    if (this.#map.size > this.capacity) this.#map.delete(this.#map.keys().next().value!);
  }

  clear(): void {
    this.#map.clear();
  }
}
