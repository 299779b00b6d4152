package org.staffroom.access;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reasons as a person reads them: the role by its name, the place by its names ("Year 7
 * at Oak"), the rule that refused in words, and who to ask. The engine builds every
 * denial's reason from these, and the pages explain held-back roles with the same
 * sentences, so each reads one way.
 */
public final class Reasons {

	private Reasons() {
	}

	/**
	 * Why the actor may not give the role at the unit, as a person reads it: the role's
	 * name, the place, the first of the denied rules in words, and who to ask.
	 */
	public static String refusal(RoleDefinition role, String unitId, List<RuleId> denials, AccessSnapshot s) {
		int u = s.unit(unitId);
		if (u < 0 || denials.isEmpty()) {
			return "You cannot give " + nameOf(role) + " there";
		}
		return refusal(role, u, denials, s);
	}

	static String refusal(RoleDefinition role, int u, List<RuleId> denials, AccessSnapshot s) {
		String name = nameOf(role);
		String cannot = "You cannot give " + name + " " + at(s, u) + ": ";
		return switch (denials.get(0)) {
			case FITS ->
				cannot + name + " is given at " + kindsOfPlace(role) + ", not at " + kindOfPlace(s.type(u)) + ".";
			case AUTHORITY -> cannot + "you do not manage accounts there. " + whoToAsk(s, u);
			case ASSIGNABLE -> role.operatorOnly() ? cannot + "only Staffroom's operators give it."
					: cannot + "none of your roles there lets you give it. " + whoToAsk(s, u);
			default -> cannot + lowerFirst(denials.get(0).description()) + ". " + whoToAsk(s, u);
		};
	}

	/** The unit as people name it: "the whole of Oak Trust", "Oak", "Year 7 at Oak". */
	public static String place(AccessSnapshot s, String unitId) {
		int u = s.unit(unitId);
		return (u < 0) ? "that place" : place(s, u);
	}

	static String place(AccessSnapshot s, int u) {
		if (u == 0) {
			return "the whole of " + s.unitLabel(0);
		}
		int school = s.units().schoolIndex(u);
		return (school < 0 || school == u) ? s.unitLabel(u) : s.unitLabel(u) + " at " + s.unitLabel(school);
	}

	/**
	 * The place as it follows a verb: "for the whole of Oak Trust", "at Oak", "in Year 7
	 * at Oak".
	 */
	public static String at(AccessSnapshot s, String unitId) {
		int u = s.unit(unitId);
		return (u < 0) ? "there" : at(s, u);
	}

	static String at(AccessSnapshot s, int u) {
		if (u == 0) {
			return "for " + place(s, 0);
		}
		return ((s.type(u) == UnitType.SCHOOL) ? "at " : "in ") + place(s, u);
	}

	/**
	 * Who can help with the units: someone who manages accounts for their schools, or a
	 * main account holder ("Ask someone who manages accounts for Oak, or a main account
	 * holder."). Above school level, and with no units, a main account holder.
	 */
	public static String whoToAsk(AccessSnapshot s, Collection<String> unitIds) {
		return whoToAsk(s, unitIds.stream().mapToInt(s::unit).filter((u) -> u >= 0).toArray());
	}

	static String whoToAsk(AccessSnapshot s, int... units) {
		Set<String> schools = new LinkedHashSet<>();
		for (int u : units) {
			int school = s.units().schoolIndex(u);
			if (school < 0) {
				return "Ask a main account holder.";
			}
			schools.add(s.unitLabel(school));
		}
		if (schools.isEmpty()) {
			return "Ask a main account holder.";
		}
		return "Ask someone who manages accounts for " + either(List.copyOf(schools)) + ", or a main account holder.";
	}

	/** Where a role may be given, in words: "a school", "a year or a class". */
	public static String kindsOfPlace(RoleDefinition role) {
		List<String> kinds = new ArrayList<>();
		for (UnitType type : UnitType.values()) {
			if (role.fits(type)) {
				kinds.add(kindOfPlace(type));
			}
		}
		return kinds.isEmpty() ? "no kind of place" : either(kinds);
	}

	/**
	 * A kind of unit in words: "the whole organisation", "a school", "a year", "a class".
	 */
	public static String kindOfPlace(UnitType type) {
		return (type == UnitType.ORGANISATION) ? "the whole organisation" : "a " + type.key();
	}

	/** "Oak", "Oak or Elm", "Oak, Elm or Ash". */
	public static String either(List<String> words) {
		if (words.size() <= 1) {
			return words.isEmpty() ? "" : words.get(0);
		}
		return String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1);
	}

	/** The role as people name it: its name, or its key when it has none. */
	public static String nameOf(RoleDefinition role) {
		return (role.name() != null && !role.name().isBlank()) ? role.name() : role.key();
	}

	static String lowerFirst(String sentence) {
		return sentence.isEmpty() ? sentence : Character.toLowerCase(sentence.charAt(0)) + sentence.substring(1);
	}

}
