package org.staffroom.members;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.postgresql.PGStatement;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementCreator;
import org.springframework.jdbc.core.PreparedStatementCreatorFactory;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterUtils;
import org.springframework.jdbc.core.namedparam.ParsedSql;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.staffroom.access.MemberStatus;
import org.staffroom.accounts.SearchText;

/**
 * Member search: a fixed number of statements per page, whatever the page holds. For a
 * caller who sees everyone, one for the total (counted up to {@code countLimit}) and one
 * or two for the page; for a caller limited to some scopes, one for the page with its
 * exact total (plus one for the total when the page is empty). The roles of the page's
 * members are one more, in {@code RoleAssignments}, when the page is not empty.
 * Visibility is part of the SQL: rows outside the caller's scopes are never fetched.
 */
@Repository
class MemberDirectory {

	private final JdbcClient jdbc;

	private final JdbcTemplate plain;

	/**
	 * A caller who sees everyone is told the total up to this many members, and "more
	 * than" beyond: counting every match of a text in a very large organisation read all
	 * of them (0.4 s for {@code smith} among 1,000,000), and even counting to 1,000 costs
	 * a membership probe each, 11 to 50 ms (docs/benchmarks.md, aim c).
	 */
	private final int countLimit;

	/**
	 * The most accounts matching a text that a caller who sees everyone has read to find
	 * the page, in an organisation larger than this; beyond, the page walks the
	 * organisation in name order instead.
	 */
	private final int nameMatchLimit;

	MemberDirectory(JdbcClient jdbc, JdbcTemplate plain, @Value("${staffroom.members.count-limit:250}") int countLimit,
			@Value("${staffroom.members.name-match-limit:25000}") int nameMatchLimit) {
		this.jdbc = jdbc;
		this.plain = plain;
		this.countLimit = countLimit;
		this.nameMatchLimit = nameMatchLimit;
	}

	/**
	 * @param visibleUnits units whose members the caller may see, or null for everyone
	 * @param roleKey only members holding this role (within {@code unitFilter} when both
	 * are set)
	 * @param unitFilter only members with a role at one of these units
	 * @param organisationSize how many members the organisation has (from its snapshot)
	 */
	public record Query(String organisationId, String text, MemberStatus status, String roleKey,
			Collection<String> unitFilter, Collection<String> visibleUnits, int organisationSize, int page, int size) {
	}

	public record Row(String id, String email, String firstName, String lastName, String jobTitle, String phone,
			MemberStatus status, boolean mainAccountHolder) {
	}

	/**
	 * @param totalAtLeast the total was counted up to a limit and there are more than
	 * {@code total} matches
	 */
	public record Page(List<Row> rows, long total, boolean totalAtLeast) {
	}

	public Page search(Query query) {
		return (query.visibleUnits() != null) ? searchWithinScopes(query) : searchOrganisation(query);
	}

	/**
	 * A caller who sees everyone: the organisation's memberships drive the search.
	 * Without a text, the total is counted from the memberships alone: joining a million
	 * accounts only to count them took PostgreSQL 1.4 to 1.7 s (docs/benchmarks.md, aim
	 * c, the org-admin's search). The total stops at {@code countLimit}, so its cost is
	 * bounded however many match; in an organisation of that size or smaller it is exact.
	 */
	private Page searchOrganisation(Query query) {
		StringBuilder filters = new StringBuilder(" WHERE m.organisation_id = :org");
		Map<String, Object> params = new java.util.HashMap<>();
		params.put("org", query.organisationId());
		boolean text = query.text() != null && !query.text().isBlank();
		if (text) {
			filters.append(" AND a.search_text LIKE :q ESCAPE '\\'");
			params.put("q", SearchText.containsPattern(query.text()));
		}
		if (query.status() != null) {
			filters.append(" AND m.status = :status");
			params.put("status", query.status().key());
		}
		roleFilter(query, "m.account_id", params).ifPresent((condition) -> filters.append(" AND ").append(condition));
		String where = " FROM memberships m JOIN accounts a ON a.id = m.account_id" + filters;
		params.put("countTo", this.countLimit + 1);
		long counted = plannedForTheText("SELECT COUNT(*) FROM (SELECT 1"
				+ (text ? where : " FROM memberships m" + filters) + " LIMIT :countTo) n", params,
				(rs, i) -> rs.getLong(1))
			.get(0);
		boolean atLeast = counted > this.countLimit;
		long total = atLeast ? this.countLimit : counted;
		long offset = (long) (query.page() - 1) * query.size();
		if (!atLeast && total <= offset) {
			return new Page(List.of(), total, false);
		}
		params.put("limit", query.size());
		params.put("offset", offset);
		Optional<List<Row>> rows = Optional.empty();
		// A text of one or two characters has no trigram to find its matches by: it
		// matches many, and the walk is the better start.
		if (text && query.organisationSize() > this.nameMatchLimit && query.text().strip().length() >= 3) {
			rows = fromNameMatches(query, params, offset);
		}
		return new Page(
				rows.orElseGet(() -> plannedForTheText(
						"SELECT a.id, a.email, a.first_name, a.last_name,"
								+ " a.job_title, a.phone, m.status, m.main_account_holder" + where
								+ " ORDER BY a.sort_key, a.id LIMIT :limit OFFSET :offset",
						params, MemberDirectory::row)),
				total, atLeast);
	}

	/**
	 * Runs a statement of the org-admin's search planned for its own text and limits
	 * every time. The PostgreSQL driver otherwise prepares a statement on the server
	 * after five runs, and PostgreSQL may then keep a generic plan that does not know the
	 * pattern: for {@code million.example}, which every account matches, that plan read
	 * the trigram index's 1,000,000 entries (0.5 s) where a plan for the pattern reads
	 * the first rows of the table (docs/benchmarks.md, aim c).
	 */
	private <T> List<T> plannedForTheText(String sql, Map<String, Object> params, RowMapper<T> rowMapper) {
		MapSqlParameterSource source = new MapSqlParameterSource(params);
		ParsedSql parsed = NamedParameterUtils.parseSqlStatement(sql);
		PreparedStatementCreator prepared = new PreparedStatementCreatorFactory(
				NamedParameterUtils.substituteNamedParameters(parsed, source),
				NamedParameterUtils.buildSqlParameterList(parsed, source))
			.newPreparedStatementCreator(NamedParameterUtils.buildValueArray(parsed, source, null));
		PreparedStatementCreator unnamed = (connection) -> {
			var statement = prepared.createPreparedStatement(connection);
			if (statement.isWrapperFor(PGStatement.class)) {
				statement.unwrap(PGStatement.class).setPrepareThreshold(0);
			}
			return statement;
		};
		return this.plain.query(unnamed, rowMapper);
	}

	/**
	 * The page of a text in an organisation larger than {@code nameMatchLimit}, from the
	 * accounts matching the text (the trigram index on PostgreSQL) rather than by walking
	 * the organisation in name order: a text such as {@code smith} matches accounts that
	 * all sort late, and that walk read 730,000 buffers to find 50 of them. The matches
	 * are sorted, only the first {@code 2 × (offset + size)} are checked for membership
	 * and the other filters (in so large an organisation most accounts are members), and
	 * the page is cut from those. Empty when that cannot be sure to be the page: more
	 * matches than {@code nameMatchLimit}, or too few of the first ones kept by the
	 * filters; the caller then runs the plain statement.
	 */
	private Optional<List<Row>> fromNameMatches(Query query, Map<String, Object> params, long offset) {
		long first = 2 * (offset + query.size());
		params.put("matchesTo", this.nameMatchLimit + 1);
		params.put("first", first);
		List<String> conditions = new ArrayList<>();
		conditions.add("EXISTS (SELECT 1 FROM memberships s WHERE s.organisation_id = :org AND s.account_id = t.id"
				+ ((query.status() != null) ? " AND s.status = :status)" : ")"));
		roleFilter(query, "t.id", params).ifPresent(conditions::add);
		long[] counts = { -1, -1 };
		List<Row> rows = plannedForTheText(
				"SELECT p.id, a.email, a.first_name, a.last_name, a.job_title, a.phone, m.status,"
						+ " m.main_account_holder, p.matches, p.kept FROM (SELECT t.id, t.sort_key, t.matches,"
						+ " COUNT(*) OVER () AS kept FROM (SELECT x.id, x.sort_key, COUNT(*) OVER () AS matches"
						+ " FROM (SELECT a.id, a.sort_key FROM accounts a WHERE a.search_text LIKE :q ESCAPE '\\'"
						+ " LIMIT :matchesTo) x ORDER BY x.sort_key, x.id LIMIT :first) t WHERE "
						+ String.join(" AND ", conditions)
						+ " ORDER BY t.sort_key, t.id LIMIT :limit OFFSET :offset) p JOIN accounts a ON a.id = p.id"
						+ " JOIN memberships m ON m.organisation_id = :org AND m.account_id = p.id"
						+ " ORDER BY p.sort_key, p.id",
				params, (rs, i) -> {
					counts[0] = rs.getLong(9);
					counts[1] = rs.getLong(10);
					return row(rs, i);
				});
		long matches = counts[0];
		long kept = counts[1];
		boolean sure = !rows.isEmpty() && matches <= this.nameMatchLimit
				&& (matches <= first || kept >= offset + query.size());
		return sure ? Optional.of(rows) : Optional.empty();
	}

	/**
	 * A caller who sees only some scopes: the members holding a role at a visible unit,
	 * found with their sort key and search text from the role assignments themselves
	 * (each assignment carries copies of its account's, V10), so that finding, filtering
	 * by text, counting and sorting the visible members reads one index of
	 * role_assignments (on PostgreSQL an index-only scan of
	 * {@code ix_assignments_directory}) and costs in proportion to what the caller may
	 * see, whatever the text and however large the organisation. Only the page's rows
	 * then read their accounts and memberships (docs/benchmarks.md, aim c). An assignment
	 * implies a membership: its foreign key and cascade see to that. One statement
	 * returns the page and the number of matches ({@code COUNT(*) OVER ()}, taken before
	 * the limit); only an empty page needs a second one for the total.
	 */
	private Page searchWithinScopes(Query query) {
		Map<String, Object> params = new java.util.HashMap<>();
		params.put("org", query.organisationId());
		params.put("visible", nonEmpty(query.visibleUnits()));
		String text = "";
		if (query.text() != null && !query.text().isBlank()) {
			text = " AND v.search_text LIKE :q ESCAPE '\\'";
			params.put("q", SearchText.containsPattern(query.text()));
		}
		List<String> conditions = new ArrayList<>();
		if (query.status() != null) {
			conditions.add("r.account_id IN (SELECT s.account_id FROM memberships s"
					+ " WHERE s.organisation_id = :org AND s.status = :status)");
			params.put("status", query.status().key());
		}
		roleFilter(query, "r.account_id", params).ifPresent(conditions::add);
		// DISTINCT: a member with roles at several visible units is one member. Their
		// copies of the sort key are the same on every assignment (written and changed
		// together).
		String from = " FROM (SELECT DISTINCT v.account_id, v.sort_key FROM role_assignments v"
				+ " WHERE v.organisation_id = :org AND v.unit_id IN (:visible)" + text + ") r"
				+ (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions));
		params.put("limit", query.size());
		params.put("offset", (long) (query.page() - 1) * query.size());
		long[] total = { -1 };
		List<Row> rows = this.jdbc.sql("SELECT p.account_id, a.email, a.first_name, a.last_name, a.job_title, a.phone,"
				+ " m.status, m.main_account_holder, p.total FROM (SELECT r.account_id, r.sort_key, COUNT(*) OVER () AS total"
				+ from
				+ " ORDER BY r.sort_key, r.account_id LIMIT :limit OFFSET :offset) p JOIN accounts a ON a.id = p.account_id"
				+ " JOIN memberships m ON m.organisation_id = :org AND m.account_id = p.account_id"
				+ " ORDER BY p.sort_key, p.account_id")
			.params(params)
			.query((rs, i) -> {
				total[0] = rs.getLong(9);
				return row(rs, i);
			})
			.list();
		if (rows.isEmpty()) {
			total[0] = this.jdbc.sql("SELECT COUNT(*)" + from).params(params).query(Long.class).single();
		}
		return new Page(rows, total[0], false);
	}

	/** Only members holding the role and/or a role at one of the filter's units. */
	private static java.util.Optional<String> roleFilter(Query query, String accountColumn,
			Map<String, Object> params) {
		if (query.roleKey() == null && query.unitFilter() == null) {
			return java.util.Optional.empty();
		}
		StringBuilder condition = new StringBuilder(
				accountColumn + " IN (SELECT f.account_id FROM role_assignments f" + " WHERE f.organisation_id = :org");
		if (query.roleKey() != null) {
			condition.append(" AND f.role_key = :role");
			params.put("role", query.roleKey());
		}
		if (query.unitFilter() != null) {
			condition.append(" AND f.unit_id IN (:filterUnits)");
			params.put("filterUnits", nonEmpty(query.unitFilter()));
		}
		return java.util.Optional.of(condition.append(")").toString());
	}

	private static Row row(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
		return new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
				rs.getString(6), MemberStatus.fromKey(rs.getString(7)).orElseThrow(), rs.getBoolean(8));
	}

	private static Collection<String> nonEmpty(Collection<String> ids) {
		// IN () is not valid SQL: an impossible id keeps the condition false instead.
		return ids.isEmpty() ? new ArrayList<>(List.of("-")) : ids;
	}

}
