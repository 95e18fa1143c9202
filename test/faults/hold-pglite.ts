/** Opens the embedded database in PGLITE_DIR and holds it until killed (the two-process test). */
import { openDatabase } from '../../src/db/database.js';

const dir = process.env.PGLITE_DIR;
if (!dir) throw new Error('PGLITE_DIR is required');
await openDatabase({ url: `file:${dir}`, dataDir: '' });
process.stdout.write('HELD\n');
setInterval(() => undefined, 60_000);
