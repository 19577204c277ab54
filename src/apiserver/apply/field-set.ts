// A set of field paths stored as a trie, with the set algebra server-side apply is built from and
// the fieldsV1 encoding of managedFields. A node can be a member ("this field itself is owned",
// written `{}` or `".": {}`), have children, or both. The operations follow structured-merge-diff
// exactly, including its asymmetries: `difference` removes members and descends into children
// but a member of the right side does not remove the left side's children (that is
// `recursiveDifference`), because ownership of `.spec` does not imply ownership of `.spec.x`.
import type { JsonObject } from '../patch/json-value.ts';
import { isJsonObject } from '../patch/json-value.ts';
import {
  compareElements,
  FieldsV1Error,
  formatPath,
  parseElement,
  serializeElement,
} from './path-element.ts';
import type { Path, PathElement } from './path-element.ts';

interface Child {
  readonly element: PathElement;
  readonly set: FieldSet;
}

export class FieldSet {
  // Keyed by the fieldsV1 serialisation, which is unique per element.
  private readonly members = new Map<string, PathElement>();
  private readonly children = new Map<string, Child>();

  static of(...paths: Path[]): FieldSet {
    const set = new FieldSet();
    for (const path of paths) set.insert(path);
    return set;
  }

  /** Adds a path; the empty path (the object root) is never a member, as upstream. */
  insert(path: Path): void {
    if (path.length === 0) return;
    const node = path.slice(0, -1).reduce<FieldSet>((parent, pe) => parent.descend(pe), this);
    const last = path[path.length - 1] as PathElement;
    node.members.set(serializeElement(last), last);
  }

  has(path: Path): boolean {
    if (path.length === 0) return false;
    const parent = path.slice(0, -1).reduce<FieldSet | undefined>((node, pe) => node?.children.get(serializeElement(pe))?.set, this);
    return parent !== undefined && parent.members.has(serializeElement(path[path.length - 1] as PathElement));
  }

  hasMember(pe: PathElement): boolean {
    return this.members.has(serializeElement(pe));
  }

  /** The set of paths below `pe`, relative to it (empty when there are none). */
  withPrefix(pe: PathElement): FieldSet {
    return this.children.get(serializeElement(pe))?.set ?? EMPTY;
  }

  get empty(): boolean {
    if (this.members.size > 0) return false;
    for (const child of this.children.values()) if (!child.set.empty) return false;
    return true;
  }

  union(other: FieldSet): FieldSet {
    const out = this.clone();
    for (const [key, pe] of other.members) out.members.set(key, pe);
    for (const [key, child] of other.children) {
      const mine = out.children.get(key);
      out.children.set(key, { element: child.element, set: mine ? mine.set.union(child.set) : child.set.clone() });
    }
    return out;
  }

  intersection(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [key, pe] of this.members) if (other.members.has(key)) out.members.set(key, pe);
    for (const [key, child] of this.children) {
      const theirs = other.children.get(key);
      if (theirs) out.setChild(child.element, child.set.intersection(theirs.set));
    }
    return out;
  }

  difference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [key, pe] of this.members) if (!other.members.has(key)) out.members.set(key, pe);
    for (const [key, child] of this.children) {
      const theirs = other.children.get(key);
      out.setChild(child.element, theirs ? child.set.difference(theirs.set) : child.set.clone());
    }
    return out;
  }

  /** Like difference, but a member of `other` also removes everything below it. */
  recursiveDifference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [key, pe] of this.members) if (!other.members.has(key)) out.members.set(key, pe);
    for (const [key, child] of this.children) {
      if (other.members.has(key)) continue;
      const theirs = other.children.get(key);
      out.setChild(child.element, theirs ? child.set.recursiveDifference(theirs.set) : child.set.clone());
    }
    return out;
  }

  /** Calls `visit` for every path: at each level the members first, then each child, in upstream's order. */
  iterate(visit: (path: Path) => void, prefix: Path = []): void {
    for (const pe of this.sortedMembers()) visit([...prefix, pe]);
    for (const child of this.sortedChildren()) child.set.iterate(visit, [...prefix, child.element]);
  }

  paths(): Path[] {
    const out: Path[] = [];
    this.iterate((p) => out.push(p));
    return out;
  }

  /** Visits the direct children (non-empty subsets) without sorting, for schema-aware rewrites. */
  childEntries(): Iterable<Child> {
    return this.children.values();
  }

  memberElements(): Iterable<PathElement> {
    return this.members.values();
  }

  /** Builds a set from member elements and child sets; used by schema-aware rewrites. */
  static assemble(members: Iterable<PathElement>, children: Iterable<Child>): FieldSet {
    const out = new FieldSet();
    for (const pe of members) out.members.set(serializeElement(pe), pe);
    for (const child of children) out.setChild(child.element, child.set);
    return out;
  }

  /**
   * The fieldsV1 object: keys in upstream's element order, a node that is both owned and has
   * children written with `".": {}` first, as kube-apiserver's serializer does.
   */
  toFieldsV1(): JsonObject {
    return this.emit(false);
  }

  static fromFieldsV1(fields: unknown): FieldSet {
    if (!isJsonObject(fields)) throw new FieldsV1Error('fieldsV1 is not a JSON object');
    return readNode(fields).set ?? new FieldSet();
  }

  toString(): string {
    return this.paths().map(formatPath).join(', ');
  }

  private emit(includeSelf: boolean): JsonObject {
    const out: JsonObject = {};
    const entries = new Map<string, { pe: PathElement; member: boolean; child?: FieldSet }>();
    for (const [key, pe] of this.members) entries.set(key, { pe, member: true });
    for (const [key, child] of this.children) {
      if (child.set.empty) continue;
      entries.set(key, { pe: child.element, member: entries.has(key), child: child.set });
    }
    if (includeSelf && entries.size > 0) out['.'] = {};
    const sorted = [...entries.entries()].sort(([, a], [, b]) => compareElements(a.pe, b.pe));
    for (const [key, entry] of sorted) out[key] = entry.child ? entry.child.emit(entry.member) : {};
    return out;
  }

  private descend(pe: PathElement): FieldSet {
    const key = serializeElement(pe);
    let child = this.children.get(key);
    if (!child) {
      child = { element: pe, set: new FieldSet() };
      this.children.set(key, child);
    }
    return child.set;
  }

  private setChild(pe: PathElement, set: FieldSet): void {
    if (!set.empty) this.children.set(serializeElement(pe), { element: pe, set });
  }

  private sortedMembers(): PathElement[] {
    return [...this.members.values()].sort(compareElements);
  }

  private sortedChildren(): Child[] {
    return [...this.children.values()].filter((c) => !c.set.empty).sort((a, b) => compareElements(a.element, b.element));
  }

  private clone(): FieldSet {
    const out = new FieldSet();
    for (const [key, pe] of this.members) out.members.set(key, pe);
    for (const child of this.children.values()) out.setChild(child.element, child.set.clone());
    return out;
  }
}

const EMPTY = new FieldSet();

/** One fieldsV1 node: whether it marks its parent's element as owned, and what lies below. */
function readNode(node: JsonObject): { member: boolean; set?: FieldSet } {
  const members: PathElement[] = [];
  const children: Child[] = [];
  let member = false;
  let understood = false;
  for (const key of Object.keys(node)) {
    const value = node[key];
    if (!isJsonObject(value)) throw new FieldsV1Error(`fieldsV1 entry ${key} is not an object`);
    if (key === '.') {
      member = true;
      continue;
    }
    const pe = parseElement(key);
    if (pe === undefined) continue;
    understood = true;
    const child = readNode(value);
    if (child.member) members.push(pe);
    if (child.set && !child.set.empty) children.push({ element: pe, set: child.set });
  }
  // A node with nothing understood below it is a leaf, i.e. owned itself.
  if (!understood) return { member: true };
  return { member, set: FieldSet.assemble(members, children) };
}
