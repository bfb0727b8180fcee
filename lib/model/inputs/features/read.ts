import type { FeatureValues } from '../../types';

/** One problem with a request's features; `path` is relative to the `features` value (`/name`, `/2` or `` for itself). */
export interface FeatureIssue {
  path: string;
  message: string;
}

/**
 * Reads a request's feature values for a model's names: an object needs exactly the names, an array exactly one
 * number per name in that order; every value must be a finite number.
 *
 * @example
 * readFeatures({ age: 41, income: 5.2 }, ['age', 'income']); // { values: [41, 5.2] }
 * readFeatures([41], ['age', 'income']);                     // { issues: [{ path: '', message: 'must hold 2 numbers, ...' }] }
 */
export function readFeatures(features: FeatureValues, names: readonly string[]): { values: number[] } | { issues: FeatureIssue[] } {
  const issues: FeatureIssue[] = [];
  const values: number[] = [];
  if (Array.isArray(features)) {
    if (features.length !== names.length) {
      issues.push({ path: '', message: `must hold ${names.length} numbers, in this order: ${names.join(', ')}` });
    }
    features.forEach((value, i) => {
      if (!isFiniteNumber(value)) issues.push({ path: `/${i}`, message: 'must be a finite number' });
      else values.push(value);
    });
    return issues.length > 0 ? { issues } : { values };
  }
  const named = features as Readonly<Record<string, unknown>>;
  for (const name of names) {
    if (!Object.prototype.hasOwnProperty.call(named, name)) issues.push({ path: `/${pointerSegment(name)}`, message: 'is required' });
    else if (!isFiniteNumber(named[name])) issues.push({ path: `/${pointerSegment(name)}`, message: 'must be a finite number' });
    else values.push(named[name] as number);
  }
  const known = new Set(names);
  for (const name of Object.keys(named)) {
    if (!known.has(name)) issues.push({ path: `/${pointerSegment(name.length > 64 ? `${name.slice(0, 64)}…` : name)}`, message: 'is not a feature of this model' });
  }
  return issues.length > 0 ? { issues } : { values };
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** RFC 6901 escaping of one pointer segment. */
export function pointerSegment(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}
