// Server-side printing: meta.k8s.io/v1 Tables for `kubectl get`, as kube-apiserver renders them.
export {
  buildTable,
  columnDefinitions,
  hasKindPrinter,
  tableCells,
  tableRow,
  tableRowWithoutColumns,
} from './table.ts';
export { humanDuration, translateTimestampSince } from './format.ts';
export type {
  IncludeObjectPolicy,
  PartialObjectMetadata,
  Table,
  TableCell,
  TableColumnDefinition,
  TableColumnType,
  TableListMeta,
  TableOptions,
  TableRow,
  TableRowCondition,
} from './types.ts';
