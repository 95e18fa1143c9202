import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics for /metrics. One registry per process (tests make their own). */
export class Metrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'gateway_http_requests_total',
    help: 'HTTP requests by route, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'gateway_http_request_duration_seconds',
    help: 'HTTP request latency by route',
    labelNames: ['route', 'method'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly queueDepth = new Gauge({
    name: 'gateway_queue_jobs',
    help: 'Jobs per queue and state, read from Redis at scrape time',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
  });
  readonly jobsFailed = new Counter({
    name: 'gateway_jobs_failed_total',
    help: 'Job attempts that failed, by queue and whether they will be retried',
    labelNames: ['queue', 'final'] as const,
    registers: [this.registry],
  });
  readonly turns = new Counter({
    name: 'gateway_turns_total',
    help: 'Customer messages through a turn, by channel and outcome (bot, relayed, preempted, conflict_retry, failed)',
    labelNames: ['channel', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly turnDuration = new Histogram({
    name: 'gateway_turn_duration_seconds',
    help: 'Time to run one turn (bot logic, state save, replies queued)',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [this.registry],
  });
  readonly sends = new Counter({
    name: 'gateway_sends_total',
    help: 'Outbound messages by channel and result (sent, transient_error, permanent_error, suppressed)',
    labelNames: ['channel', 'result'] as const,
    registers: [this.registry],
  });

  readonly dbStatements = new Counter({
    name: 'gateway_db_statements_total',
    help: 'Statements sent to the database (a transaction counts its BEGIN and COMMIT too)',
    registers: [this.registry],
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'gateway_' });
  }
}
