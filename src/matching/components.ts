import type { PreparedNeed } from './model.ts';

class UnionFind {
  private readonly parent: number[] = [];

  add(): number {
    return this.parent.push(this.parent.length) - 1;
  }

  find(x: number): number {
    let root = x;
    while (this.parent[root] !== root) root = this.parent[root];
    while (this.parent[x] !== root) {
      const next = this.parent[x];
      this.parent[x] = root;
      x = next;
    }
    return root;
  }

  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

/**
 * Groups needs that share a person helper. Organisation helpers ("hubs") do not join groups:
 * their cost is linear, so each group may plan with the hub's whole capacity, and the caller
 * merges the groups of any hub whose capacity the plans together overrun.
 */
export function splitComponents(needs: PreparedNeed[]): PreparedNeed[][] {
  const sets = new UnionFind();
  const helperNode = new Map<string, number>();
  const needNode = needs.map(() => sets.add());
  needs.forEach((prepared, index) => {
    for (const arc of prepared.arcs) {
      const helper = arc.candidate.helper;
      if (!helper.personId) continue;
      let node = helperNode.get(helper.id);
      if (node === undefined) helperNode.set(helper.id, (node = sets.add()));
      sets.union(needNode[index], node);
    }
  });
  const groups = new Map<number, PreparedNeed[]>();
  needs.forEach((prepared, index) => {
    const root = sets.find(needNode[index]);
    const group = groups.get(root);
    if (group) group.push(prepared);
    else groups.set(root, [prepared]);
  });
  return [...groups.values()];
}

/**
 * Merges groups that use the same over-subscribed organisation: each set of groups linked
 * through such organisations becomes one group; the others stay as they are.
 */
export function mergeGroups(groups: PreparedNeed[][], usersOf: Map<string, number[]>): PreparedNeed[][] {
  const sets = new UnionFind();
  groups.forEach(() => sets.add());
  for (const users of usersOf.values()) for (const index of users) sets.union(users[0], index);
  const merged = new Map<number, PreparedNeed[]>();
  groups.forEach((group, index) => {
    const root = sets.find(index);
    const into = merged.get(root);
    if (into) into.push(...group);
    else merged.set(root, [...group]);
  });
  return [...merged.entries()].map(([root, group]) => {
    if (group.length === groups[root].length) return groups[root];
    return group.sort((a, b) => (a.need.id < b.need.id ? -1 : 1));
  });
}
