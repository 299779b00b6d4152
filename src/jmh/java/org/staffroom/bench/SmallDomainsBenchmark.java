package org.staffroom.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.casbin.jcasbin.main.Enforcer;
import org.casbin.jcasbin.model.Model;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.staffroom.access.AccessPolicy;
import org.staffroom.access.AccessRequest;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.Decision;
import org.staffroom.access.MemberStatus;
import org.staffroom.access.RoleCatalogue;
import org.staffroom.access.UnitType;

/**
 * Aim (a), small case: jCasbin's own RBAC-with-domains example (examples/rbac_with_domains_model.conf
 * and rbac_with_domains_policy.csv) next to the same organisation in Staffroom's terms.
 *
 * <pre>
 * casbin                                      Staffroom
 * domain1 / data1, domain2 / data2            school "domain1", school "domain2" in one trust
 * role admin: data_k read, write in domain_k  role user-admin: accounts.view, accounts.manage (assigned)
 * g, alice, admin, domain1                    alice: user-admin at domain1
 * g, bob, admin, domain2                      bob:   user-admin at domain2
 * read / write                                accounts.view / accounts.manage
 * (sub, domain_k, data_k, act)                HoldsPermission(sub, permission, school k)
 * </pre>
 *
 * The questions are all 8 combinations of {alice, bob} x {1, 2} x {read, write} (half allowed), in a
 * random order of 65,536 entries; setup checks that both engines give the same 8 answers.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = { "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch" })
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 5)
public class SmallDomainsBenchmark {

	static final String MODEL = """
			[request_definition]
			r = sub, dom, obj, act

			[policy_definition]
			p = sub, dom, obj, act

			[role_definition]
			g = _, _, _

			[policy_effect]
			e = some(where (p.eft == allow))

			[matchers]
			m = g(r.sub, p.sub, r.dom) && r.dom == p.dom && r.obj == p.obj && r.act == p.act
			""";

	private AccessSnapshot snapshot;

	private Enforcer enforcer;

	private Questions staffroomQuestions;

	private String[][] casbinQuestions;

	private int next;

	@Setup
	public void setUp() {
		this.snapshot = AccessSnapshot.builder("trust", 1, RoleCatalogue.builtIn(List.of(RoleCatalogue.SCHOOL_TRUST)))
			.unit("trust", null, UnitType.ORGANISATION, "Trust")
			.unit("domain1", "trust", UnitType.SCHOOL, "domain1")
			.unit("domain2", "trust", UnitType.SCHOOL, "domain2")
			.member("alice", MemberStatus.ACTIVE, false, "alice@example.org")
			.member("bob", MemberStatus.ACTIVE, false, "bob@example.org")
			.assignment("a1", "alice", "user-admin", "domain1")
			.assignment("a2", "bob", "user-admin", "domain2")
			.build();
		this.enforcer = new Enforcer(Model.newModelFromString(MODEL));
		this.enforcer.enableLog(false);
		this.enforcer.addPolicies(List.of(List.of("admin", "domain1", "data1", "read"),
				List.of("admin", "domain1", "data1", "write"), List.of("admin", "domain2", "data2", "read"),
				List.of("admin", "domain2", "data2", "write")));
		this.enforcer.addNamedGroupingPolicies("g",
				List.of(List.of("alice", "admin", "domain1"), List.of("bob", "admin", "domain2")));
		this.enforcer.buildRoleLinks();

		List<String[]> triples = new ArrayList<>();
		for (String sub : List.of("alice", "bob")) {
			for (int k = 1; k <= 2; k++) {
				for (String act : List.of("read", "write")) {
					triples.add(new String[] { sub, act.equals("read") ? "accounts.view" : "accounts.manage",
							"domain" + k, "data" + k, act });
				}
			}
		}
		for (String[] t : triples) {
			boolean staffroom = AccessPolicy
				.decide(new AccessRequest.HoldsPermission(t[0], org.staffroom.access.Permission.fromKey(t[1]).orElseThrow(),
						t[2]), this.snapshot)
				.allowed();
			boolean casbin = this.enforcer.enforce(t[0], t[2], t[3], t[4]);
			boolean expected = (t[0].equals("alice") && t[2].equals("domain1"))
					|| (t[0].equals("bob") && t[2].equals("domain2"));
			if (staffroom != expected || casbin != expected) {
				throw new IllegalStateException("(" + String.join(", ", t) + "): expected " + expected + ", Staffroom "
						+ staffroom + ", jCasbin " + casbin);
			}
		}
		System.out.println("\nStaffroom and jCasbin give the same answers to all " + triples.size() + " questions");
		List<String[]> staffroomTriples = triples.stream().map((t) -> new String[] { t[0], t[1], t[2] }).toList();
		this.staffroomQuestions = Questions.from(staffroomTriples, 11);
		// The same sequence, in casbin's terms.
		this.casbinQuestions = new String[Questions.COUNT][];
		for (int i = 0; i < Questions.COUNT; i++) {
			String unit = this.staffroomQuestions.unitIds[i];
			this.casbinQuestions[i] = new String[] { this.staffroomQuestions.memberIds[i], unit,
					unit.replace("domain", "data"),
					this.staffroomQuestions.permissionKeys[i].equals("accounts.view") ? "read" : "write" };
		}
	}

	@Benchmark
	public Decision staffroom() {
		int i = this.next++ & Questions.MASK;
		return AccessPolicy.decide(new AccessRequest.HoldsPermission(this.staffroomQuestions.memberIds[i],
				this.staffroomQuestions.permissions[i], this.staffroomQuestions.unitIds[i]), this.snapshot);
	}

	@Benchmark
	public boolean casbin() {
		String[] q = this.casbinQuestions[this.next++ & Questions.MASK];
		return this.enforcer.enforce(q[0], q[1], q[2], q[3]);
	}

}
