package org.staffroom.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.staffroom.access.AccessPolicy;
import org.staffroom.access.AccessRequest;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.Decision;

/**
 * Aim (a), trust scale: decisions per second on one thread, and the p99 of one decision, for a
 * generated trust (size TRUST: 1,000 units, 20,000 staff, 40,000 role assignments), with jCasbin
 * answering the same questions on the same policies in two encodings (see {@link CasbinTrust}).
 * Throughput is in ops/us (x 1,000,000 = decisions/s); SampleTime in us/op, with p0.99 the p99.
 * Before measuring a jCasbin encoding, setup checks that it gives Staffroom's answer to the first
 * 4,096 questions and stops the run if any differ.
 */
@State(Scope.Thread)
@BenchmarkMode({ Mode.Throughput, Mode.SampleTime })
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
// A fixed, pre-touched heap: otherwise the first pass over new heap pages costs a page
// fault per 4 KB (about 10 us on this virtual machine, one decision in a hundred), and
// the p99 measures that.
@Fork(value = 1, jvmArgsAppend = { "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch" })
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 5)
public class TrustDecisionBenchmark {

	static final int CHECKED = 4096;

	@Param({ "TRUST" })
	public GeneratedTrust.Size size;

	private AccessSnapshot snapshot;

	private Questions questions;

	private CasbinTrust casbin;

	private int next;

	@Setup
	public void setUp(BenchmarkParams params) {
		GeneratedTrust trust = GeneratedTrust.generate(this.size);
		this.snapshot = trust.snapshot();
		this.questions = Questions.about(trust, 7);
		int allowed = 0;
		for (int i = 0; i < Questions.COUNT; i++) {
			if (staffroomAnswer(i).allowed()) {
				allowed++;
			}
		}
		String method = params.getBenchmark();
		if (method.endsWith("casbinHierarchy")) {
			this.casbin = CasbinTrust.hierarchy(trust);
		}
		else if (method.endsWith("casbinAncestorPath")) {
			this.casbin = CasbinTrust.ancestorPath(trust);
		}
		System.out.printf("%n%s: %d units, %d members, %d assignments; %d questions, %.1f%% allowed%n", this.size,
				trust.units.size(), trust.members.size(), trust.assignments.size(), Questions.COUNT,
				100.0 * allowed / Questions.COUNT);
		if (this.casbin != null) {
			int same = 0;
			for (int i = 0; i < CHECKED; i++) {
				boolean expected = staffroomAnswer(i).allowed();
				boolean actual = this.casbin.enforce(this.questions.memberIds[i], this.questions.unitIds[i],
						this.questions.permissionKeys[i]);
				if (expected != actual) {
					throw new IllegalStateException("jCasbin answers question " + i + " (" + this.questions.memberIds[i]
							+ ", " + this.questions.permissionKeys[i] + ", " + this.questions.unitIds[i] + ") with "
							+ actual + ", Staffroom with " + expected);
				}
				same++;
			}
			System.out.printf("jCasbin (%d p lines, %d g/g2 lines) agrees with Staffroom on %d of %d questions%n",
					this.casbin.policyLines, this.casbin.groupingLines, same, CHECKED);
		}
	}

	private Decision staffroomAnswer(int i) {
		return AccessPolicy.decide(new AccessRequest.HoldsPermission(this.questions.memberIds[i],
				this.questions.permissions[i], this.questions.unitIds[i]), this.snapshot);
	}

	@Benchmark
	public Decision staffroom() {
		int i = this.next++ & Questions.MASK;
		return AccessPolicy.decide(new AccessRequest.HoldsPermission(this.questions.memberIds[i],
				this.questions.permissions[i], this.questions.unitIds[i]), this.snapshot);
	}

	@Benchmark
	public boolean casbinHierarchy() {
		int i = this.next++ & Questions.MASK;
		return this.casbin.enforce(this.questions.memberIds[i], this.questions.unitIds[i],
				this.questions.permissionKeys[i]);
	}

	@Benchmark
	public boolean casbinAncestorPath() {
		int i = this.next++ & Questions.MASK;
		return this.casbin.enforce(this.questions.memberIds[i], this.questions.unitIds[i],
				this.questions.permissionKeys[i]);
	}

}
