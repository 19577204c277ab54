// Workload controllers: ReplicaSets and Deployments.
import type { KubeObject } from '../../api/meta/v1.ts';
import {
  AGE_COLUMN,
  NAME_COLUMN,
  ageOf,
  at,
  column,
  containerCells,
  int,
  labelSelectorString,
  nameOf,
} from './format.ts';
import type { KindPrinter, TableCell } from './types.ts';

const CONTAINERS_COLUMN = column('Containers', 'string', 'Container names in the pod template.', { priority: 1 });
const IMAGES_COLUMN = column('Images', 'string', 'Container images in the pod template.', { priority: 1 });
const SELECTOR_COLUMN = column('Selector', 'string', 'The label selector of the pods it manages.', { priority: 1 });

export const replicaSetPrinter: KindPrinter = {
  columns: [
    NAME_COLUMN,
    column('Desired', 'integer', 'Pods wanted (spec.replicas).'),
    column('Current', 'integer', 'Pods that exist now.'),
    column('Ready', 'integer', 'Pods that are ready.'),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    SELECTOR_COLUMN,
  ],
  cells(replicaSet: KubeObject, now: number): TableCell[] {
    const spec = replicaSet['spec'];
    const status = replicaSet['status'];
    const [names, images] = containerCells(at(spec, 'template', 'spec', 'containers'));
    // metav1.FormatLabelSelector: '<none>' for an empty (or missing) selector, '<error>' for a bad one.
    const selector = labelSelectorString(at(spec, 'selector'));
    return [
      nameOf(replicaSet),
      int(at(spec, 'replicas')),
      int(at(status, 'replicas')),
      int(at(status, 'readyReplicas')),
      ageOf(replicaSet, now),
      names,
      images,
      selector === undefined ? '<error>' : selector || '<none>',
    ];
  },
};

export const deploymentPrinter: KindPrinter = {
  columns: [
    NAME_COLUMN,
    column('Ready', 'string', 'Ready pods out of the pods wanted.'),
    column('Up-to-date', 'string', 'Pods already running the current pod template.'),
    column('Available', 'string', 'Pods that have been ready for at least minReadySeconds.'),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    SELECTOR_COLUMN,
  ],
  cells(deployment: KubeObject, now: number): TableCell[] {
    const spec = deployment['spec'];
    const status = deployment['status'];
    const [names, images] = containerCells(at(spec, 'template', 'spec', 'containers'));
    // Unlike ReplicaSets, upstream prints an empty selector as '' and a bad one as '<invalid>'.
    const selector = labelSelectorString(at(spec, 'selector'));
    return [
      nameOf(deployment),
      `${int(at(status, 'readyReplicas'))}/${int(at(spec, 'replicas'))}`,
      int(at(status, 'updatedReplicas')),
      int(at(status, 'availableReplicas')),
      ageOf(deployment, now),
      names,
      images,
      selector ?? '<invalid>',
    ];
  },
};
