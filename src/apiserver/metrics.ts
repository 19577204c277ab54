// Prometheus metrics with upstream's names, so dashboards written for kube-apiserver read them:
// apiserver_request_total and apiserver_request_duration_seconds by verb, resource and code.
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { RequestInfo } from './http/request-info.ts';

export class ApiMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'apiserver_request_total',
    help: 'Requests served, by verb, group, resource, subresource and HTTP code.',
    labelNames: ['verb', 'group', 'resource', 'subresource', 'code'],
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'apiserver_request_duration_seconds',
    help: 'Time to serve a request (for watches: until the stream started), by verb, group and resource.',
    labelNames: ['verb', 'group', 'resource', 'subresource'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  observe(method: string, request: RequestInfo, code: number, ms: number): void {
    const labels =
      request.kind === 'resource'
        ? { verb: request.verb.toUpperCase(), group: request.group, resource: request.resource, subresource: request.subresource ?? '' }
        : { verb: method, group: '', resource: '', subresource: '' };
    this.requests.inc({ ...labels, code: String(code) });
    if (request.kind !== 'resource' || request.verb !== 'watch') this.latency.observe(labels, ms / 1000);
  }
}
