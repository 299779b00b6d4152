package org.staffroom.access;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An organisation's units by dense index, with an Euler tour of the tree. It exists so
 * that "unit U is within scope S" is two integer comparisons and a role's anchor resolves
 * to a unit without a walk: the engine asks both for every grant it reads. Index 0 is the
 * root.
 *
 * <p>
 * Immutable and shared: a snapshot patched with changed members keeps the same tree.
 */
final class UnitTree {

	private final String[] unitIds;

	private final String[] unitNames;

	private final UnitType[] unitTypes;

	private final int[] parent;

	private final int[] enter;

	private final int[] exit;

	private final int[] school;

	private final int[] byEnter;

	private final Map<String, Integer> unitIndex;

	/** One unit as given to the builder. */
	record Row(String id, String parentId, UnitType type, String name) {
	}

	/**
	 * Indexes the rows: the root first, then the rest in the order given.
	 * @throws IllegalArgumentException when the rows are not one tree under one
	 * organisation root
	 */
	UnitTree(Collection<Row> units) {
		int n = units.size();
		this.unitIds = new String[n];
		this.unitNames = new String[n];
		this.unitTypes = new UnitType[n];
		this.parent = new int[n];
		this.enter = new int[n];
		this.exit = new int[n];
		this.school = new int[n];
		this.byEnter = new int[n];
		this.unitIndex = new HashMap<>(n * 2);
		index(units);
	}

	private void index(Collection<Row> units) {
		List<Row> rows = new ArrayList<>(units);
		Map<String, Integer> index = this.unitIndex;
		long roots = rows.stream().filter((row) -> row.parentId == null).count();
		if (roots != 1) {
			throw new IllegalArgumentException("an organisation has exactly one root unit, not " + roots);
		}
		// The root first, then the rest in the order given.
		rows.sort((a, c) -> Boolean.compare(a.parentId != null, c.parentId != null));
		for (int i = 0; i < rows.size(); i++) {
			Row row = rows.get(i);
			index.put(row.id, i);
			this.unitIds[i] = row.id;
			this.unitNames[i] = row.name;
			this.unitTypes[i] = row.type;
		}
		if (this.unitTypes[0] != UnitType.ORGANISATION) {
			throw new IllegalArgumentException("the root must be of type organisation");
		}
		int n = rows.size();
		int[] childCount = new int[n];
		this.parent[0] = -1;
		for (int i = 1; i < n; i++) {
			Integer p = index.get(rows.get(i).parentId);
			if (p == null) {
				throw new IllegalArgumentException("unit " + rows.get(i).id + " has an unknown parent");
			}
			this.parent[i] = p;
			childCount[p]++;
		}
		int[][] children = new int[n][];
		for (int i = 0; i < n; i++) {
			children[i] = new int[childCount[i]];
		}
		int[] filled = new int[n];
		for (int i = 1; i < n; i++) {
			children[this.parent[i]][filled[this.parent[i]]++] = i;
		}
		// Iterative depth-first walk: enter/exit times make "within scope" two
		// comparisons.
		Arrays.fill(this.enter, -1);
		int clock = 0;
		ArrayDeque<int[]> stack = new ArrayDeque<>();
		stack.push(new int[] { 0, 0 });
		this.enter[0] = clock;
		this.byEnter[clock++] = 0;
		this.school[0] = -1;
		while (!stack.isEmpty()) {
			int[] top = stack.peek();
			int u = top[0];
			if (top[1] < children[u].length) {
				int c = children[u][top[1]++];
				this.enter[c] = clock;
				this.byEnter[clock++] = c;
				this.school[c] = (this.unitTypes[c] == UnitType.SCHOOL) ? c : this.school[u];
				stack.push(new int[] { c, 0 });
			}
			else {
				this.exit[u] = clock;
				stack.pop();
			}
		}
		if (clock != n) {
			throw new IllegalArgumentException("the unit tree has a cycle or a detached unit");
		}
	}

	/** The unit's dense index, or -1 when it is null or unknown. */
	int unit(String unitId) {
		if (unitId == null) {
			return -1;
		}
		Integer i = this.unitIndex.get(unitId);
		return (i == null) ? -1 : i;
	}

	boolean contains(String unitId) {
		return unitId != null && this.unitIndex.containsKey(unitId);
	}

	int count() {
		return this.unitIds.length;
	}

	String unitId(int u) {
		return this.unitIds[u];
	}

	/** The ids of every unit by dense index, as an unmodifiable list. */
	List<String> unitIds() {
		return List.of(this.unitIds);
	}

	/** The unit's name, or null when it has none. */
	String name(int u) {
		return this.unitNames[u];
	}

	/** The unit's name, or its id when it has none: how a reason names it. */
	String label(int u) {
		String name = this.unitNames[u];
		return (name != null) ? name : this.unitIds[u];
	}

	UnitType type(int u) {
		return this.unitTypes[u];
	}

	/** The parent's index, or -1 for the root. */
	int parentIndex(int u) {
		return (u == 0) ? -1 : this.parent[u];
	}

	/** The enclosing school's index (itself for a school), or -1 above school level. */
	int schoolIndex(int u) {
		return this.school[u];
	}

	/** The unit at this position of the tree order (parents before children). */
	int unitInTreeOrder(int t) {
		return this.byEnter[t];
	}

	boolean within(int u, int scope) {
		return this.enter[scope] <= this.enter[u] && this.enter[u] < this.exit[scope];
	}

	/**
	 * The unit a permission lands on when a role is assigned at {@code u} with this
	 * anchor.
	 */
	int anchored(int u, Anchor anchor) {
		return switch (anchor) {
			case ASSIGNED -> u;
			// Above school level there is no enclosing school: the grant stays at the
			// assigned unit.
			case SCHOOL -> (this.school[u] >= 0) ? this.school[u] : u;
			case ORGANISATION -> 0;
		};
	}

	/** The ids of s and everything below it, in tree order. */
	List<String> subtree(int s) {
		List<String> ids = new ArrayList<>(this.exit[s] - this.enter[s]);
		for (int t = this.enter[s]; t < this.exit[s]; t++) {
			ids.add(this.unitIds[this.byEnter[t]]);
		}
		return ids;
	}

}
