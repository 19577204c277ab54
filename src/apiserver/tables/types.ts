// The meta.k8s.io/v1 Table shapes `kubectl get` decodes (server-side printing), and the contract
// each per-kind printer fulfils.
import type { KubeObject, ObjectMeta } from '../../api/meta/v1.ts';

/** Which form of the object each row carries (the `includeObject` request parameter). */
export type IncludeObjectPolicy = 'None' | 'Metadata' | 'Object';

/** The value types kubectl understands in `columnDefinitions[].type`. */
export type TableColumnType = 'string' | 'integer' | 'number' | 'boolean' | 'date';

export interface TableColumnDefinition {
  name: string;
  type: TableColumnType;
  /** `name` marks the column holding the object's name; otherwise empty. */
  format: string;
  description: string;
  /** 0: always shown; 1: shown only with `-o wide`. */
  priority: number;
}

export type TableCell = string | number | boolean;

/** Marks a row kubectl may grey out, e.g. a pod that finished. */
export interface TableRowCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface PartialObjectMetadata {
  kind: 'PartialObjectMetadata';
  apiVersion: 'meta.k8s.io/v1';
  metadata: ObjectMeta;
}

export interface TableRow {
  cells: TableCell[];
  conditions?: TableRowCondition[];
  /** Metadata only (default), the whole object, or absent, per IncludeObjectPolicy. */
  object?: PartialObjectMetadata | KubeObject;
}

export interface TableListMeta {
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: TableListMeta;
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}

export interface TableOptions {
  /** The instant ages are measured against, in ms since the epoch. */
  now: number;
  includeObject?: IncludeObjectPolicy;
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
  /** Leave columnDefinitions empty (kubectl keeps the previous ones, as on watch events). */
  noHeaders?: boolean;
}

/** How one kind is printed: its columns and a function from object to cells (same order). */
export interface KindPrinter {
  readonly columns: readonly TableColumnDefinition[];
  cells(object: KubeObject, now: number): TableCell[];
  conditions?(object: KubeObject): TableRowCondition[] | undefined;
}
