/** Hostile inputs for add-tracing's tests. */

/** `levels` anchors, each a list of `width` aliases of the one before, appended to a template: 9 x 9 is an alias bomb (9^9 nodes). */
export function aliasBomb(template: string, levels = 9, width = 9): string {
  const lines = ['Metadata:', '  Bomb:', `    a0: &a0 [${Array(width).fill('x').join(', ')}]`];
  for (let i = 1; i < levels; i++) lines.push(`    a${i}: &a${i} [${Array(width).fill(`*a${i - 1}`).join(', ')}]`);
  return `${template.trimEnd()}\n${lines.join('\n')}\n`;
}
