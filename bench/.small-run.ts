import { benchShots } from '/work/wt/shots/bench/shots.js';
import { formatTable } from '/work/wt/shots/bench/table.js';
const rows = await benchShots({ seconds: 30, memoryShots: 20, size: { width: 270, height: 480 } });
console.log(formatTable(rows));
