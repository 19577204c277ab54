// ConfigMaps and Secrets. Data that is not valid base64 is refused as undecodable (400), as
// upstream's decoder does; a Secret's write-only stringData is folded into data.
import { configMapDecodeError, validateConfigMap, validateConfigMapUpdate, type ConfigMap } from '../../../api/core/v1/configmap.ts';
import { secretDecodeError, secretForWrite, validateSecret, validateSecretUpdate, type Secret } from '../../../api/core/v1/secret.ts';
import type { KubeObject } from '../../../api/meta/v1.ts';
import type { ResourceInfo } from '../../../api/resources.ts';
import { badRequest } from '../../http/api-error.ts';
import type { ResourceStrategy } from '../strategy.ts';
import { defineStrategy } from './common.ts';

function decodable(kind: string, error: string | undefined): void {
  if (error) throw badRequest(`${kind} in version "v1" cannot be handled as a ${kind}: ${error}`);
}

export function configMapStrategy(info: ResourceInfo): ResourceStrategy {
  return defineStrategy(info, {
    defaults: (o) => {
      decodable('ConfigMap', configMapDecodeError(o as ConfigMap));
      return o;
    },
    validate: (o) => validateConfigMap(o as ConfigMap),
    validateUpdate: (next, previous) => validateConfigMapUpdate(next as ConfigMap, previous as ConfigMap),
  });
}

export function secretStrategy(info: ResourceInfo): ResourceStrategy {
  return defineStrategy(info, {
    defaults: (o) => {
      decodable('Secret', secretDecodeError(o as Secret));
      return secretForWrite(o as Secret) as KubeObject;
    },
    validate: (o) => validateSecret(o as Secret),
    validateUpdate: (next, previous) => validateSecretUpdate(next as Secret, previous as Secret),
    fieldValue: (o, field) => (field === 'type' ? ((o as Secret).type ?? '') : undefined),
  });
}
