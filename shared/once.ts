// A value built once per key and kept: SQL text that depends only on a table or a page
// kind, which a keystroke would otherwise build again each time.
export function builtOnce<K, V>(build: (key: K) => V): (key: K) => V {
  const built = new Map<K, V>();
  return (key) => {
    if (built.has(key)) return built.get(key)!;
    const value = build(key);
    built.set(key, value);
    return value;
  };
}
