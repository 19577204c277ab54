// Where objects live in the store: /registry/<group or "core">/<resource>/<namespace>/<name>, or
// /registry/<group>/<resource>/<name> for cluster-scoped kinds. The first four segments name the
// resource, which is how the watch cache routes a change to its resource.
import type { ResourceInfo } from '../../api/resources.ts';

export function resourcePrefix(info: Pick<ResourceInfo, 'group' | 'resource'>): string {
  return `/registry/${info.group || 'core'}/${info.resource}/`;
}

/** All objects of the resource, or those of one namespace. */
export function collectionPrefix(info: ResourceInfo, namespace: string | undefined): string {
  return info.namespaced && namespace ? `${resourcePrefix(info)}${namespace}/` : resourcePrefix(info);
}

export function objectKey(info: ResourceInfo, namespace: string | undefined, name: string): string {
  return info.namespaced ? `${resourcePrefix(info)}${namespace}/${name}` : `${resourcePrefix(info)}${name}`;
}
