/**
 * A gateway role in its own process for the fault tests, configured from the environment
 * as `npm start` is, with a test's schema and Redis prefix and short lock and sweep
 * timings so a killed process's work is taken over within seconds.
 */
import { startGateway, type Role } from '../../app/gateway.js';
import { loadGatewayConfig } from '../../app/config.js';

const role = (process.env.FAULT_ROLE ?? 'worker') as Role;
const schema = process.env.FAULT_SCHEMA;
const prefix = process.env.FAULT_PREFIX;
if (!prefix) throw new Error('FAULT_PREFIX is required');
const config = loadGatewayConfig();
const gateway = await startGateway({
  config,
  role,
  redisPrefix: prefix,
  ...(schema ? { databaseSchema: schema } : {}),
  worker: { busyDelayMs: 10, stalledInterval: 1_000, lockDuration: 3_000 },
  recoverySweepMs: 2_000,
  recoveryGraceMs: 2_000,
  drainMs: 0,
});
process.stdout.write('FAULT GATEWAY READY\n');
const stop = (): void => {
  gateway.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
