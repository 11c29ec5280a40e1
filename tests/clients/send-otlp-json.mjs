#!/usr/bin/env node
// Sends a known set of logs, spans and metrics with the OpenTelemetry JS SDK's OTLP/HTTP JSON exporters,
// then prints a JSON description of exactly what it sent, so a test can compare it with what was received.
//
//   node send-otlp-json.mjs <otlp-http-base-url> <run-id> [none|gzip]
//
// Exits 1 if any export fails or a signal exports nothing, 2 on bad arguments.
// Attribute values are described with their OTLP type: {"string": "x"}, {"int": 1}, {"double": 1.5},
// {"bool": true}, {"bytes": "<base64>"}, {"array": [...]}, {"kvlist": {"k": ...}}.

import { context, diag, DiagLogLevel, SpanKind, SpanStatusCode, trace, ValueType } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { ExportResultCode } from '@opentelemetry/core';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

const [baseUrl, runId, compression = 'none'] = process.argv.slice(2);
if (!baseUrl || !runId || !['none', 'gzip'].includes(compression)) {
  console.error('usage: node send-otlp-json.mjs <otlp-http-base-url> <run-id> [none|gzip]');
  process.exit(2);
}

diag.setLogger({
  error: (...a) => console.error('otel error:', ...a),
  warn: (...a) => console.error('otel warn:', ...a),
  info: () => {}, debug: () => {}, verbose: () => {},
}, DiagLogLevel.WARN);

const SCOPE = { name: 'codex-otel-e2e-js', version: '1.0.0' };
const resourceAttributes = { 'service.name': 'codex-otel-e2e-js', 'run.id': runId };
const resource = resourceFromAttributes(resourceAttributes);

// Every export goes through here, so a failure anywhere makes the process fail.
const failures = [];
const exported = { logs: 0, traces: 0, metrics: 0 };
function checked(signal, exporter) {
  return new Proxy(exporter, {
    get(target, prop) {
      if (prop === 'export') {
        return (items, done) => target.export(items, result => {
          if (result.code === ExportResultCode.SUCCESS) exported[signal] += items.length;
          else failures.push(`${signal}: ${result.error?.message ?? 'export failed'}`);
          done(result);
        });
      }
      const value = target[prop];
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

const url = signal => `${baseUrl.replace(/\/+$/, '')}/v1/${signal}`;
const tracerProvider = new TracerProvider({
  resource,
  spanProcessors: [new BatchSpanProcessor({ exporter: checked('traces', new OTLPTraceExporter({ url: url('traces'), compression })) })],
});
const loggerProvider = new LoggerProvider({
  resource,
  processors: [new BatchLogRecordProcessor({ exporter: checked('logs', new OTLPLogExporter({ url: url('logs'), compression })) })],
});
const meterProvider = new MeterProvider({
  resource,
  readers: [new PeriodicExportingMetricReader({
    exporter: checked('metrics', new OTLPMetricExporter({ url: url('metrics'), compression })),
    exportIntervalMillis: 3_600_000,
  })],
});

// OTLP types as the JS SDK maps them: integral numbers become intValue, others doubleValue.
function describe(value) {
  if (typeof value === 'string') return { string: value };
  if (typeof value === 'boolean') return { bool: value };
  if (typeof value === 'number') return Number.isInteger(value) ? { int: value } : { double: value };
  if (value instanceof Uint8Array) return { bytes: Buffer.from(value).toString('base64') };
  if (Array.isArray(value)) return { array: value.map(describe) };
  return { kvlist: Object.fromEntries(Object.entries(value).map(([k, v]) => [k, describe(v)])) };
}
const describeAll = attributes => Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, describe(v)]));
const nanos = ms => (BigInt(ms) * 1_000_000n).toString();

// Whole milliseconds, so the nanosecond timestamps are exact.
const t0 = Date.now() - 10_000;

// --- traces: a server span with a client child that fails, linked to an independent span
const tracer = tracerProvider.getTracer(SCOPE.name, SCOPE.version);
const spanAttributes = {
  'http.request.method': 'POST',
  'http.response.status_code': 503,
  'retry.ratio': 0.25,
  'cache.hit': false,
  'tags': ['a', 'b', 'c'],
  'ports': [4317, 4318],
  'weights': [0.5, 1.25],
  'flags': [true, false],
  'unicode': 'ünïcødé ✓ "quoted"\n',
};
const childEventAttributes = { 'exception.type': 'TimeoutError', 'exception.message': 'upstream timed out', 'attempt': 2 };
const linkAttributes = { 'link.reason': 'batch', 'link.weight': 0.75 };

const other = tracer.startSpan('js.background', { kind: SpanKind.INTERNAL, startTime: t0 });
other.end(t0 + 1);
const parent = tracer.startSpan('js.request', { kind: SpanKind.SERVER, startTime: t0 + 10, attributes: { 'run.id': runId } });
const parentContext = trace.setSpan(context.active(), parent);
const child = tracer.startSpan('js.upstream', {
  kind: SpanKind.CLIENT,
  startTime: t0 + 20,
  attributes: spanAttributes,
  links: [{ context: other.spanContext(), attributes: linkAttributes }],
}, parentContext);
child.addEvent('retry', { attempt: 1 }, t0 + 25);
child.addEvent('exception', childEventAttributes, t0 + 30);
child.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream timed out' });
child.end(t0 + 40);
parent.end(t0 + 50);

const ids = span => span.spanContext();
const spans = [
  {
    traceId: ids(other).traceId, spanId: ids(other).spanId, parentSpanId: '', name: 'js.background',
    kind: 1, startTimeUnixNano: nanos(t0), endTimeUnixNano: nanos(t0 + 1),
    attributes: {}, events: [], links: [], status: { code: 0, message: '' },
  },
  {
    traceId: ids(parent).traceId, spanId: ids(parent).spanId, parentSpanId: '', name: 'js.request',
    kind: 2, startTimeUnixNano: nanos(t0 + 10), endTimeUnixNano: nanos(t0 + 50),
    attributes: describeAll({ 'run.id': runId }), events: [], links: [], status: { code: 0, message: '' },
  },
  {
    traceId: ids(child).traceId, spanId: ids(child).spanId, parentSpanId: ids(parent).spanId, name: 'js.upstream',
    kind: 3, startTimeUnixNano: nanos(t0 + 20), endTimeUnixNano: nanos(t0 + 40),
    attributes: describeAll(spanAttributes),
    events: [
      { name: 'retry', timeUnixNano: nanos(t0 + 25), attributes: describeAll({ attempt: 1 }) },
      { name: 'exception', timeUnixNano: nanos(t0 + 30), attributes: describeAll(childEventAttributes) },
    ],
    links: [{ traceId: ids(other).traceId, spanId: ids(other).spanId, attributes: describeAll(linkAttributes) }],
    status: { code: 2, message: 'upstream timed out' },
  },
];

// --- logs: every AnyValue type in attributes and bodies, two of them inside the request's trace
const logger = loggerProvider.getLogger(SCOPE.name, SCOPE.version);
const logInputs = [
  {
    timestamp: t0 + 15, severityNumber: SeverityNumber.INFO, severityText: 'INFO',
    body: 'request accepted', context: parentContext, span: parent,
    attributes: {
      'run.id': runId, 'user.id': 'u-42', 'count': 7, 'negative': -3, 'ratio': 3.5, 'ok': true,
      'list': ['x', 1, 2.5, false], 'map': { 'nested.key': 'v', 'depth': { 'n': 1 } },
      'raw': new Uint8Array([0, 1, 2, 254, 255]),
    },
  },
  {
    timestamp: t0 + 35, severityNumber: SeverityNumber.ERROR, severityText: 'ERROR',
    body: { 'message': 'upstream failed', 'code': 503, 'retryable': true },
    context: trace.setSpan(context.active(), child), span: child,
    attributes: { 'run.id': runId, 'error.type': 'TimeoutError' },
  },
  {
    timestamp: t0 + 60, severityNumber: SeverityNumber.WARN, severityText: 'WARN',
    body: ['array', 'body', 3], span: null,
    attributes: { 'run.id': runId },
  },
];
const logs = logInputs.map(({ span, ...record }) => {
  logger.emit(record);
  return {
    timeUnixNano: nanos(record.timestamp),
    severityNumber: record.severityNumber,
    severityText: record.severityText,
    body: describe(record.body),
    attributes: describeAll(record.attributes),
    traceId: span ? span.spanContext().traceId : '',
    spanId: span ? span.spanContext().spanId : '',
  };
});

// --- metrics: an integer counter over two attribute sets and a histogram with explicit buckets
const meter = meterProvider.getMeter(SCOPE.name, SCOPE.version);
const requests = meter.createCounter('js.requests', { unit: '{request}', description: 'requests handled', valueType: ValueType.INT });
requests.add(3, { route: '/a' });
requests.add(4, { route: '/b' });
requests.add(2, { route: '/a' });
const bounds = [10, 100, 1000];
const latency = meter.createHistogram('js.latency', { unit: 'ms', description: 'request latency', advice: { explicitBucketBoundaries: bounds } });
for (const v of [5, 50, 500, 5000, 7.5]) latency.record(v, { route: '/a' });

const metrics = [
  {
    name: 'js.requests', unit: '{request}', description: 'requests handled', type: 'sum', isMonotonic: true,
    points: [
      { attributes: describeAll({ route: '/a' }), asInt: 5 },
      { attributes: describeAll({ route: '/b' }), asInt: 4 },
    ],
  },
  {
    name: 'js.latency', unit: 'ms', description: 'request latency', type: 'histogram',
    points: [{
      attributes: describeAll({ route: '/a' }), count: 5, sum: 5562.5, min: 5, max: 5000,
      explicitBounds: bounds, bucketCounts: [2, 1, 1, 1],
    }],
  },
];

await Promise.all([tracerProvider.shutdown(), loggerProvider.shutdown(), meterProvider.shutdown()]);

for (const [signal, count] of Object.entries(exported)) {
  if (count === 0) failures.push(`${signal}: nothing was exported`);
}
if (failures.length > 0) {
  console.error(failures.join('\n'));
  process.exit(1);
}

console.log(JSON.stringify({
  runId, compression, resource: describeAll(resourceAttributes),
  scopes: { traces: SCOPE, logs: SCOPE, metrics: SCOPE },
  spans, logs, metrics,
}, null, 2));
