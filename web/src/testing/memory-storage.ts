/** The Web Storage API in memory, for specs of code that keeps things in localStorage or sessionStorage (Node has neither). */
export class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  /** Makes setItem throw, as a full or disabled storage does. */
  full = false;

  get length(): number {
    return this.items.size;
  }

  clear(): void {
    this.items.clear();
  }

  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }

  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }

  removeItem(key: string): void {
    this.items.delete(key);
  }

  setItem(key: string, value: string): void {
    if (this.full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    this.items.set(key, String(value));
  }
}

/** Installs a fresh MemoryStorage as `globalThis[name]` and returns it. */
export function installStorage(name: 'localStorage' | 'sessionStorage'): MemoryStorage {
  const storage = new MemoryStorage();
  Object.defineProperty(globalThis, name, { value: storage, configurable: true, writable: true });
  return storage;
}
