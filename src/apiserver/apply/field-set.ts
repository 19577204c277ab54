// A set of field paths stored as a trie, with the set algebra server-side apply is built from and
// the fieldsV1 encoding of managedFields. A node can be a member ("this field itself is owned",
// written `{}` or `".": {}`), have children, or both. The operations follow structured-merge-diff
// exactly, including its asymmetries: `difference` removes members and descends into children
// but a member of the right side does not remove the left side's children (that is
// `recursiveDifference`), because ownership of `.spec` does not imply ownership of `.spec.x`.
//
// A set is built by `insert` and never changes afterwards, so the algebra shares the subtrees it
// does not change instead of copying them: every write computes several of these over the whole
// object, and the copies were a large part of what a write allocated.
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

/** Stands in for a node's members or children until it has some: most nodes have only one kind. */
class NoEntries<V> extends Map<string, V> {
  override set(): this {
    throw new Error('FieldSet: write to the shared empty map');
  }
}
const NO_MEMBERS: Map<string, PathElement> = new NoEntries();
const NO_CHILDREN: Map<string, Child> = new NoEntries();

export class FieldSet {
  // Keyed by the fieldsV1 serialisation, which is unique per element.
  private members = NO_MEMBERS;
  private children = NO_CHILDREN;

  static of(...paths: Path[]): FieldSet {
    const set = new FieldSet();
    for (const path of paths) set.insert(path);
    return set;
  }

  /**
   * Adds a path while the set is being built (never to a set that algebra has returned, which
   * may share nodes with others); the empty path (the object root) is never a member, as upstream.
   */
  insert(path: Path): void {
    if (path.length === 0) return;
    const last = path[path.length - 1] as PathElement;
    FieldSet.parentIn(this, path, true)?.addMember(serializeElement(last), last);
  }

  has(path: Path): boolean {
    if (path.length === 0) return false;
    return FieldSet.parentIn(this, path, false)?.members.has(serializeElement(path[path.length - 1] as PathElement)) ?? false;
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
    if (other.empty) return this;
    if (this.empty) return other;
    const out = new FieldSet();
    for (const [key, pe] of this.members) out.addMember(key, pe);
    for (const [key, pe] of other.members) out.addMember(key, pe);
    for (const [key, child] of this.children) out.addChild(key, child);
    for (const [key, child] of other.children) {
      const mine = this.children.get(key);
      out.addChild(key, mine ? { element: child.element, set: mine.set.union(child.set) } : child);
    }
    return out;
  }

  intersection(other: FieldSet): FieldSet {
    if (this.empty || other.empty) return EMPTY;
    const out = new FieldSet();
    for (const [key, pe] of this.members) if (other.members.has(key)) out.addMember(key, pe);
    for (const [key, child] of this.children) {
      const theirs = other.children.get(key);
      if (theirs) out.setChild(child.element, child.set.intersection(theirs.set));
    }
    return out;
  }

  difference(other: FieldSet): FieldSet {
    if (other.empty) return this;
    const out = new FieldSet();
    for (const [key, pe] of this.members) if (!other.members.has(key)) out.addMember(key, pe);
    for (const [key, child] of this.children) {
      const theirs = other.children.get(key);
      out.setChild(child.element, theirs ? child.set.difference(theirs.set) : child.set);
    }
    return out;
  }

  /** Like difference, but a member of `other` also removes everything below it. */
  recursiveDifference(other: FieldSet): FieldSet {
    if (other.empty) return this;
    const out = new FieldSet();
    for (const [key, pe] of this.members) if (!other.members.has(key)) out.addMember(key, pe);
    for (const [key, child] of this.children) {
      if (other.members.has(key)) continue;
      const theirs = other.children.get(key);
      out.setChild(child.element, theirs ? child.set.recursiveDifference(theirs.set) : child.set);
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
    for (const pe of members) out.addMember(serializeElement(pe), pe);
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
    const entries: Array<{ key: string; pe: PathElement; member: boolean; child: FieldSet | undefined }> = [];
    for (const [key, pe] of this.members) {
      const child = this.children.get(key)?.set;
      entries.push({ key, pe, member: true, child: child?.empty === false ? child : undefined });
    }
    for (const [key, { element, set }] of this.children) {
      if (!this.members.has(key) && !set.empty) entries.push({ key, pe: element, member: false, child: set });
    }
    if (includeSelf && entries.length > 0) out['.'] = {};
    entries.sort((a, b) => compareElements(a.pe, b.pe));
    for (const { key, member, child } of entries) out[key] = child ? child.emit(member) : {};
    return out;
  }

  /** The node under `root` that holds `path`'s last element; missing nodes are made when `create`. */
  private static parentIn(root: FieldSet, path: Path, create: boolean): FieldSet | undefined {
    let node: FieldSet | undefined = root;
    for (let i = 0; i < path.length - 1 && node; i++) {
      const pe = path[i] as PathElement;
      node = create ? node.descend(pe) : node.children.get(serializeElement(pe))?.set;
    }
    return node;
  }

  private descend(pe: PathElement): FieldSet {
    const key = serializeElement(pe);
    let child = this.children.get(key);
    if (!child) {
      child = { element: pe, set: new FieldSet() };
      this.addChild(key, child);
    }
    return child.set;
  }

  private addMember(key: string, pe: PathElement): void {
    if (this.members === NO_MEMBERS) this.members = new Map();
    this.members.set(key, pe);
  }

  private addChild(key: string, child: Child): void {
    if (this.children === NO_CHILDREN) this.children = new Map();
    this.children.set(key, child);
  }

  private setChild(pe: PathElement, set: FieldSet): void {
    if (!set.empty) this.addChild(serializeElement(pe), { element: pe, set });
  }

  private sortedMembers(): PathElement[] {
    return [...this.members.values()].sort(compareElements);
  }

  private sortedChildren(): Child[] {
    return [...this.children.values()].filter((c) => !c.set.empty).sort((a, b) => compareElements(a.element, b.element));
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
