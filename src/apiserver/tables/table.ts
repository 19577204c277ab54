// Objects in, meta.k8s.io/v1 Table out: what the apiserver returns when kubectl asks for
// `as=Table`. Pure: the caller supplies the clock, the list metadata and the includeObject policy.
import type { KubeObject } from '../../api/meta/v1.ts';
import { deploymentPrinter, replicaSetPrinter } from './apps.ts';
import { eventPrinter, namespacePrinter, nodePrinter } from './cluster.ts';
import { endpointSlicePrinter, endpointsPrinter, servicePrinter } from './networking.ts';
import { configMapPrinter, defaultPrinter, leasePrinter, scalePrinter, secretPrinter } from './other-kinds.ts';
import { podPrinter } from './pods.ts';
import type {
  IncludeObjectPolicy,
  KindPrinter,
  PartialObjectMetadata,
  Table,
  TableCell,
  TableColumnDefinition,
  TableListMeta,
  TableOptions,
  TableRow,
} from './types.ts';

/**
 * Printers by resource (plural), and by subresource for the one with a printer of its own
 * (`scale`); anything else gets the default name + creation time table.
 */
const printers: ReadonlyMap<string, KindPrinter> = new Map([
  ['namespaces', namespacePrinter],
  ['pods', podPrinter],
  ['services', servicePrinter],
  ['endpoints', endpointsPrinter],
  ['nodes', nodePrinter],
  ['events', eventPrinter],
  ['configmaps', configMapPrinter],
  ['secrets', secretPrinter],
  ['endpointslices', endpointSlicePrinter],
  ['replicasets', replicaSetPrinter],
  ['deployments', deploymentPrinter],
  ['leases', leasePrinter],
  ['scale', scalePrinter],
]);

function printerFor(resource: string): KindPrinter {
  return printers.get(resource) ?? defaultPrinter;
}

/** True when `resource` has columns of its own rather than the default table. */
export function hasKindPrinter(resource: string): boolean {
  return printers.has(resource);
}

/** The columns of `resource`, wide ones included (kubectl hides priority 1 unless `-o wide`). */
export function columnDefinitions(resource: string): TableColumnDefinition[] {
  return printerFor(resource).columns.map((c) => ({ ...c }));
}

/** The cells of one object, aligned with columnDefinitions(resource). */
export function tableCells(resource: string, object: KubeObject, now: number): TableCell[] {
  return printerFor(resource).cells(object, now);
}

/** The row's object per policy: metadata only (default), the object itself, or none. */
function rowObject(object: KubeObject, policy: IncludeObjectPolicy): PartialObjectMetadata | KubeObject | undefined {
  switch (policy) {
    case 'None':
      return undefined;
    case 'Object':
      return object;
    case 'Metadata':
      // kubectl decodes this for -A, --show-labels and -L, so kind/apiVersion must be present.
      return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: { ...object.metadata } };
  }
}

function makeRow(printer: KindPrinter, object: KubeObject, options: TableOptions): TableRow {
  const row: TableRow = { cells: printer.cells(object, options.now) };
  const conditions = printer.conditions?.(object);
  if (conditions !== undefined) row.conditions = conditions;
  const included = rowObject(object, options.includeObject ?? 'Metadata');
  if (included !== undefined) row.object = included;
  return row;
}

function listMeta(options: TableOptions, fallbackResourceVersion = ''): TableListMeta {
  const meta: TableListMeta = { resourceVersion: options.resourceVersion ?? fallbackResourceVersion };
  if (options.continue !== undefined && options.continue !== '') meta.continue = options.continue;
  if (options.remainingItemCount !== undefined) meta.remainingItemCount = options.remainingItemCount;
  return meta;
}

/**
 * A Table of `objects` of `resource` (plural, e.g. `pods`). All columns are always sent, as the
 * real apiserver does; kubectl drops priority-1 columns itself unless asked for `-o wide`. A
 * single object's Table carries that object's resourceVersion unless the options give one.
 */
export function buildTable(resource: string, objects: readonly KubeObject[], options: TableOptions): Table {
  const printer = printerFor(resource);
  const single = objects.length === 1 ? objects[0]?.metadata?.resourceVersion : undefined;
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta(options, single ?? ''),
    columnDefinitions: options.noHeaders ? [] : printer.columns.map((c) => ({ ...c })),
    rows: objects.map((object) => makeRow(printer, object, options)),
  };
}

/**
 * The one-row Table a watch event carries when the client asked for Tables. Its resourceVersion
 * defaults to the object's, as for a single-object GET.
 */
export function tableRow(resource: string, object: KubeObject, options: TableOptions): Table {
  const printer = printerFor(resource);
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta(options, object.metadata?.resourceVersion ?? ''),
    columnDefinitions: options.noHeaders ? [] : printer.columns.map((c) => ({ ...c })),
    rows: [makeRow(printer, object, options)],
  };
}

/**
 * tableRow without columnDefinitions, for watch events after the first: kubectl keeps printing
 * with the columns it already has.
 */
export function tableRowWithoutColumns(resource: string, object: KubeObject, options: TableOptions): Table {
  return tableRow(resource, object, { ...options, noHeaders: true });
}
