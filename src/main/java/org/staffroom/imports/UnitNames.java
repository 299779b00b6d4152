package org.staffroom.imports;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.UnitType;
import org.staffroom.system.problems.FieldErrors;

/**
 * Finds units by name (without case) or id: schools in the organisation, years and
 * classes in a school.
 */
final class UnitNames {

	private final AccessSnapshot snapshot;

	private final Map<String, List<String>> schools = new HashMap<>();

	UnitNames(AccessSnapshot snapshot) {
		this.snapshot = snapshot;
		for (String id : snapshot.unitIds()) {
			if (snapshot.unitType(id).orElse(null) == UnitType.SCHOOL) {
				this.schools.computeIfAbsent(key(snapshot.unitName(id).orElse("")), (k) -> new ArrayList<>()).add(id);
			}
		}
	}

	/**
	 * The unit a row's role is at: its class or year, else its school, else the
	 * organisation.
	 */
	String resolve(String school, String unit, FieldErrors errors) {
		String schoolId = null;
		if (school != null) {
			if (this.snapshot.hasUnit(school) && this.snapshot.unitType(school).orElse(null) == UnitType.SCHOOL) {
				schoolId = school;
			}
			else {
				List<String> found = this.schools.getOrDefault(key(school), List.of());
				if (found.isEmpty()) {
					errors.add("school", "unknown_unit", "There is no school called \"" + school + "\"");
					return null;
				}
				if (found.size() > 1) {
					errors.add("school", "ambiguous_unit",
							"More than one school is called \"" + school + "\"; use its id");
					return null;
				}
				schoolId = found.get(0);
			}
		}
		if (unit == null) {
			return (schoolId != null) ? schoolId : this.snapshot.rootUnitId();
		}
		if (this.snapshot.hasUnit(unit) && (schoolId == null || this.snapshot.isWithin(unit, schoolId))) {
			return unit;
		}
		String scope = (schoolId != null) ? schoolId : this.snapshot.rootUnitId();
		List<String> found = new ArrayList<>();
		for (String id : this.snapshot.unitsWithin(scope)) {
			UnitType type = this.snapshot.unitType(id).orElseThrow();
			if ((type == UnitType.YEAR || type == UnitType.CLASS)
					&& key(this.snapshot.unitName(id).orElse("")).equals(key(unit))) {
				found.add(id);
			}
		}
		if (found.isEmpty()) {
			errors.add("year or class", "unknown_unit",
					"There is no year or class called \"" + unit + "\"" + (schoolId != null ? " in that school" : ""));
			return null;
		}
		if (found.size() > 1) {
			errors.add("year or class", "ambiguous_unit", "More than one year or class is called \"" + unit + "\""
					+ (schoolId == null ? "; name the school too" : "; use its id"));
			return null;
		}
		return found.get(0);
	}

	private static String key(String name) {
		return name.strip().toLowerCase(Locale.ROOT);
	}

}
