// Cluster-level kinds and their history: Namespaces, Nodes and Events.
import type { KubeObject } from '../../api/meta/v1.ts';
import { compareGoStrings } from '../../api/selectors/go-strings.ts';
import {
  AGE_COLUMN,
  NAME_COLUMN,
  ageOf,
  at,
  column,
  int,
  list,
  nameOf,
  parseTimestamp,
  rec,
  str,
  translateTimestampSince,
} from './format.ts';
import type { KindPrinter, TableCell } from './types.ts';

export const namespacePrinter: KindPrinter = {
  columns: [
    NAME_COLUMN,
    column('Status', 'string', 'Active, or Terminating while its contents are deleted.'),
    AGE_COLUMN,
  ],
  cells(namespace: KubeObject, now: number): TableCell[] {
    return [nameOf(namespace), str(at(namespace['status'], 'phase')), ageOf(namespace, now)];
  },
};

const ROLE_LABEL_PREFIX = 'node-role.kubernetes.io/';
/** The older single-valued role label, still honoured upstream. */
const ROLE_LABEL = 'kubernetes.io/role';

/** Roles from `node-role.kubernetes.io/<role>` keys and a `kubernetes.io/role=<role>` value. */
export function nodeRoles(node: KubeObject): string {
  const labels = rec(at(node, 'metadata', 'labels')) ?? {};
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(labels)) {
    if (key.startsWith(ROLE_LABEL_PREFIX)) {
      const role = key.slice(ROLE_LABEL_PREFIX.length);
      if (role !== '') roles.add(role);
    } else if (key === ROLE_LABEL && str(value) !== '') {
      roles.add(str(value));
    }
  }
  return [...roles].sort(compareGoStrings).join(',') || '<none>';
}

/** `Ready`, `NotReady` or `Unknown` (no Ready condition), plus `,SchedulingDisabled` if cordoned. */
export function nodeStatus(node: KubeObject): string {
  // The last Ready condition wins when there are several, as upstream's map does.
  let ready: string | undefined;
  for (const condition of list(at(node['status'], 'conditions'))) {
    if (str(at(condition, 'type')) === 'Ready') ready = str(at(condition, 'status'));
  }
  const parts = [ready === undefined ? 'Unknown' : ready === 'True' ? 'Ready' : 'NotReady'];
  if (at(node['spec'], 'unschedulable') === true) parts.push('SchedulingDisabled');
  return parts.join(',');
}

function nodeAddress(node: KubeObject, type: string): string {
  const address = list(at(node['status'], 'addresses')).find((a) => str(at(a, 'type')) === type);
  return address === undefined ? '<none>' : str(at(address, 'address'));
}

export const nodePrinter: KindPrinter = {
  columns: [
    NAME_COLUMN,
    column('Status', 'string', 'Whether the node is Ready, and whether new pods may be scheduled on it.'),
    column('Roles', 'string', 'Roles from the node-role.kubernetes.io/<role> labels.'),
    AGE_COLUMN,
    column('Version', 'string', 'The version the node agent reports.'),
    column('Internal-IP', 'string', 'The first address of type InternalIP.', { priority: 1 }),
    column('External-IP', 'string', 'The first address of type ExternalIP.', { priority: 1 }),
    column('OS-Image', 'string', 'The operating system the node reports.', { priority: 1 }),
    column('Kernel-Version', 'string', 'The kernel version the node reports.', { priority: 1 }),
    column('Container-Runtime', 'string', 'The runtime that runs the containers, with its version.', { priority: 1 }),
  ],
  cells(node: KubeObject, now: number): TableCell[] {
    const info = at(node['status'], 'nodeInfo');
    return [
      nameOf(node),
      nodeStatus(node),
      nodeRoles(node),
      ageOf(node, now),
      str(at(info, 'kubeletVersion')),
      nodeAddress(node, 'InternalIP'),
      nodeAddress(node, 'ExternalIP'),
      str(at(info, 'osImage')) || '<unknown>',
      str(at(info, 'kernelVersion')) || '<unknown>',
      str(at(info, 'containerRuntimeVersion')) || '<unknown>',
    ];
  },
};

/** `component, host`, falling back to the newer reportingComponent/reportingInstance fields. */
function eventSource(event: KubeObject): string {
  const component = str(at(event['source'], 'component')) || str(event['reportingComponent']);
  const instance = str(at(event['source'], 'host')) || str(event['reportingInstance']);
  return instance === '' ? component : `${component}, ${instance}`;
}

/** `pod/web-1`, or just the kind when the involved object has no name. */
function eventObject(event: KubeObject): string {
  const kind = str(at(event['involvedObject'], 'kind')).toLowerCase();
  const name = str(at(event['involvedObject'], 'name'));
  return name === '' ? kind : `${kind}/${name}`;
}

export function eventTimes(event: KubeObject, now: number): { lastSeen: string; firstSeen: string; count: number } {
  // Events recorded through events.k8s.io carry eventTime and series instead of the old fields.
  const first = parseTimestamp(event['firstTimestamp']);
  const firstSeen = translateTimestampSince(first ?? event['eventTime'], now);
  const last = parseTimestamp(event['lastTimestamp']);
  let lastSeen = last === undefined ? firstSeen : translateTimestampSince(last, now);
  let count = int(event['count']);
  const series = rec(event['series']);
  if (series !== undefined) {
    lastSeen = translateTimestampSince(series['lastObservedTime'], now);
    count = int(series['count']);
  } else if (count === 0) {
    count = 1;
  }
  return { lastSeen, firstSeen, count };
}

export const eventPrinter: KindPrinter = {
  columns: [
    column('Last Seen', 'string', 'Time since the event last happened.'),
    column('Type', 'string', 'Normal or Warning.'),
    column('Reason', 'string', 'Short machine-readable cause, e.g. Scheduled or BackOff.'),
    column('Object', 'string', 'The object the event is about, as kind/name.'),
    column('Subobject', 'string', 'The part of the object concerned, e.g. spec.containers{web}.', { priority: 1 }),
    column('Source', 'string', 'The component (and host) that reported the event.', { priority: 1 }),
    column('Message', 'string', 'Human-readable description of what happened.'),
    column('First Seen', 'string', 'Time since the event first happened.', { priority: 1 }),
    column('Count', 'string', 'How many times the event has happened.', { priority: 1 }),
    column('Name', 'string', 'The name of the Event object.', { priority: 1, format: 'name' }),
  ],
  cells(event: KubeObject, now: number): TableCell[] {
    const { lastSeen, firstSeen, count } = eventTimes(event, now);
    return [
      lastSeen,
      str(event['type']),
      str(event['reason']),
      eventObject(event),
      str(at(event['involvedObject'], 'fieldPath')),
      eventSource(event),
      str(event['message']).trim(),
      firstSeen,
      count,
      nameOf(event),
    ];
  },
};
