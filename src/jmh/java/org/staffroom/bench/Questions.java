package org.staffroom.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.staffroom.access.Permission;

/**
 * Pre-generated "does member M hold permission P at unit U?" questions, read round-robin by a
 * counter so that every call asks something different (and the JIT cannot fold a constant question).
 * Half the questions ask about a unit in a school where the member holds a role (mostly allowed or
 * a near miss), half about any unit of the trust; the permission is any of the eleven.
 */
final class Questions {

	static final int COUNT = 1 << 16;

	static final int MASK = COUNT - 1;

	final String[] memberIds = new String[COUNT];

	final Permission[] permissions = new Permission[COUNT];

	final String[] permissionKeys = new String[COUNT];

	final String[] unitIds = new String[COUNT];

	private Questions() {
	}

	static Questions about(GeneratedTrust trust, long seed) {
		Random random = new Random(seed);
		Map<String, List<Integer>> schoolsOf = new HashMap<>();
		for (GeneratedTrust.RoleAssignment a : trust.assignments) {
			int school = trust.unitIndexOf(a.unitId()).school();
			schoolsOf.computeIfAbsent(a.memberId(), (k) -> new ArrayList<>()).add(school);
		}
		Permission[] all = Permission.values();
		Questions q = new Questions();
		for (int i = 0; i < COUNT; i++) {
			GeneratedTrust.Member m = trust.members.get(random.nextInt(trust.members.size()));
			List<Integer> schools = schoolsOf.getOrDefault(m.id(), List.of());
			String unit;
			int school = schools.isEmpty() ? -1 : schools.get(random.nextInt(schools.size()));
			if (random.nextBoolean() && school >= 0) {
				int[] own = trust.schoolUnits.get(school);
				unit = trust.units.get(own[random.nextInt(own.length)]).id();
			}
			else {
				unit = trust.units.get(random.nextInt(trust.units.size())).id();
			}
			q.memberIds[i] = m.id();
			q.permissions[i] = all[random.nextInt(all.length)];
			q.permissionKeys[i] = q.permissions[i].key();
			q.unitIds[i] = unit;
		}
		return q;
	}

	/** Questions drawn from a fixed list of (member, permission, unit) triples. */
	static Questions from(List<String[]> triples, long seed) {
		Random random = new Random(seed);
		Questions q = new Questions();
		for (int i = 0; i < COUNT; i++) {
			String[] t = triples.get(random.nextInt(triples.size()));
			q.memberIds[i] = t[0];
			q.permissions[i] = Permission.fromKey(t[1]).orElseThrow();
			q.permissionKeys[i] = t[1];
			q.unitIds[i] = t[2];
		}
		return q;
	}

}
