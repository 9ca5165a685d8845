// Pure design-list edits (tested in node).

/** Pure: the document after making `index` the active design (the active one takes its place in the list). */
export function switchDesign<D extends { plan: unknown; name?: string; designs?: { name: string; plan: unknown }[] }>(doc: D, index: number, fallback = 'Design A'): void {
  const list = doc.designs ?? [];
  const other = list[index];
  if (!other) throw new RangeError(`no design ${index + 1}`);
  list[index] = { name: doc.name || fallback, plan: doc.plan };
  doc.plan = other.plan as D['plan'];
  doc.name = other.name;
  doc.designs = list;
}

/** The next free design letter name ("Design B", "Design C"). */
export function nextDesignName(names: readonly string[]): string {
  for (const l of 'ABCDEFGH') if (!names.includes(`Design ${l}`)) return `Design ${l}`;
  return `Design ${names.length + 1}`;
}

