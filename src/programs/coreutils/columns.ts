// Column layout of names (ls -C): as many columns as fit the width, filled top to bottom.

export function formatColumns(names: readonly string[], width: number): string {
  if (names.length === 0) return '';
  const lens = names.map((n) => [...n].length);
  let best = { cols: 1, rows: names.length, widths: [Math.max(...lens)] };
  for (let cols = names.length; cols > 1; cols--) {
    const rows = Math.ceil(names.length / cols);
    const used = Math.ceil(names.length / rows);
    if (used !== cols) continue;
    const widths: number[] = [];
    for (let c = 0; c < cols; c++) {
      let m = 0;
      for (let r = 0; r < rows; r++) {
        const i = c * rows + r;
        if (i < names.length) m = Math.max(m, lens[i]);
      }
      widths.push(m);
    }
    const total = widths.reduce((a, b) => a + b, 0) + 2 * (cols - 1);
    if (total <= width) {
      best = { cols, rows, widths };
      break;
    }
  }
  let out = '';
  for (let r = 0; r < best.rows; r++) {
    let line = '';
    for (let c = 0; c < best.cols; c++) {
      const i = c * best.rows + r;
      if (i >= names.length) break;
      const lastInRow = (c + 1) * best.rows + r >= names.length;
      line += lastInRow ? names[i] : names[i] + ' '.repeat(best.widths[c] - lens[i] + 2);
    }
    out += `${line}\n`;
  }
  return out;
}
