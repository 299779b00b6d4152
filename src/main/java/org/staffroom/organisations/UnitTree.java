package org.staffroom.organisations;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.staffroom.access.UnitType;

/**
 * An organisation's units in tree order (each unit followed by its own years and
 * classes), with the names people read: "Oak Primary / Year 7 / 7A". A unit that is
 * archived, or inside an archived one, is {@code archived} here and is offered nowhere
 * new.
 */
public final class UnitTree {

	/** A unit in the tree. {@code depth} is 0 for the organisation itself. */
	public record Node(Unit unit, int depth, String path, boolean archived) {

		public String id() {
			return this.unit.id();
		}

		public String name() {
			return this.unit.name();
		}

		public UnitType type() {
			return this.unit.type();
		}

		public String typeName() {
			return UnitTree.typeName(this.unit.type());
		}

		public boolean root() {
			return this.unit.parentId() == null;
		}

	}

	private final List<Node> nodes;

	private final Map<String, Node> byId;

	private UnitTree(List<Node> nodes) {
		this.nodes = List.copyOf(nodes);
		this.byId = new HashMap<>();
		nodes.forEach((n) -> this.byId.put(n.id(), n));
	}

	/**
	 * The tree of these units (one organisation's, as {@link Units#ofOrganisation} lists
	 * them).
	 */
	public static UnitTree of(List<Unit> units) {
		Map<String, List<Unit>> children = new LinkedHashMap<>();
		Unit root = null;
		for (Unit unit : units) {
			if (unit.parentId() == null) {
				root = unit;
			}
			else {
				children.computeIfAbsent(unit.parentId(), (k) -> new ArrayList<>()).add(unit);
			}
		}
		List<Node> nodes = new ArrayList<>();
		if (root != null) {
			walk(root, 0, null, false, children, nodes);
		}
		return new UnitTree(nodes);
	}

	private static void walk(Unit unit, int depth, String parentPath, boolean archivedAbove,
			Map<String, List<Unit>> children, List<Node> nodes) {
		String path = (depth == 0) ? unit.name()
				: (parentPath == null ? unit.name() : parentPath + " / " + unit.name());
		boolean archived = archivedAbove || unit.archived();
		nodes.add(new Node(unit, depth, path, archived));
		for (Unit child : children.getOrDefault(unit.id(), List.of())) {
			walk(child, depth + 1, (depth == 0) ? null : path, archived, children, nodes);
		}
	}

	/** Every unit, archived ones too, in tree order. */
	public List<Node> all() {
		return this.nodes;
	}

	/** The units in use (not archived, nor inside an archived unit), in tree order. */
	public List<Node> live() {
		return this.nodes.stream().filter((n) -> !n.archived()).toList();
	}

	public Optional<Node> find(String id) {
		return Optional.ofNullable(id == null ? null : this.byId.get(id));
	}

	public Node root() {
		return this.nodes.get(0);
	}

	/**
	 * The name a person reads for the unit: its path, or "the whole organisation" for the
	 * root.
	 */
	public String label(String id) {
		Node node = this.byId.get(id);
		if (node == null) {
			return "an unknown unit";
		}
		return node.root() ? "Whole organisation" : node.path();
	}

	public static String typeName(UnitType type) {
		return switch (type) {
			case ORGANISATION -> "Organisation";
			case SCHOOL -> "School";
			case YEAR -> "Year";
			case CLASS -> "Class";
		};
	}

}
