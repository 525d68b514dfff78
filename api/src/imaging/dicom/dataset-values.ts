import type { NaturalizedDataset } from 'dcmjs';

// dcmjs unwraps single values but keeps multi-valued attributes as arrays; these read either shape.

export function firstValue(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

/** A finite number (IS/DS arrive as numbers or numeric strings), else null. */
export function numberOf(value: unknown): number | null {
  const v = firstValue(value);
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

/** All values of a multi-valued numeric attribute; null if any is not a finite number. */
export function numbersOf(value: unknown): number[] | null {
  if (value === undefined || value === null) return null;
  const values = (Array.isArray(value) ? value : [value]).map(numberOf);
  return values.every((v): v is number => v !== null) ? values : null;
}

/** A trimmed, non-empty string (NUL padding removed), else null. */
export function stringOf(value: unknown): string | null {
  const v = firstValue(value);
  if (typeof v !== 'string') return null;
  const s = v.replace(/\0/g, '').trim();
  return s === '' ? null : s;
}

/** The items of a sequence attribute (dcmjs may unwrap a one-item sequence). */
export function sequenceItems(dataset: NaturalizedDataset, keyword: string): NaturalizedDataset[] {
  const value = dataset[keyword];
  const items = Array.isArray(value) ? value : value && typeof value === 'object' ? [value] : [];
  return items.filter((item): item is NaturalizedDataset => !!item && typeof item === 'object' && !(item instanceof ArrayBuffer));
}
