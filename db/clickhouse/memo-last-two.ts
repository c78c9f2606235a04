/**
 * Remembers the last two results of a costly function of one key: a span's start and end, or a
 * batch's spans, mostly fall in one or two alternating seconds.
 */
export function memoLastTwo<K, V>(compute: (key: K) => V): (key: K) => V {
  let firstKey: K | undefined;
  let firstValue: V;
  let secondKey: K | undefined;
  let secondValue: V;
  let replaceFirst = true;
  return (key) => {
    if (key === firstKey) return firstValue;
    if (key === secondKey) return secondValue;
    const value = compute(key);
    if (replaceFirst) {
      firstKey = key;
      firstValue = value;
    } else {
      secondKey = key;
      secondValue = value;
    }
    replaceFirst = !replaceFirst;
    return value;
  };
}
