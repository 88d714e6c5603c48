package io.github.neonmigrations.lint;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;

import io.github.neonmigrations.lint.SqlTokens.Kind;
import io.github.neonmigrations.lint.SqlTokens.Token;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.parser.AbstractJSqlParser.Dialect;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.UnsupportedStatement;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.alter.AlterExpression;
import net.sf.jsqlparser.statement.alter.AlterExpression.ColumnDataType;
import net.sf.jsqlparser.statement.alter.AlterOperation;
import net.sf.jsqlparser.statement.create.table.CheckConstraint;
import net.sf.jsqlparser.statement.create.table.ColumnOption;
import net.sf.jsqlparser.statement.create.table.ForeignKeyIndex;
import net.sf.jsqlparser.statement.create.table.Index;
import org.jspecify.annotations.Nullable;

/**
 * Decides which rules one statement breaks. PostgreSQL's utility statements ({@code SET},
 * {@code VACUUM}, {@code CLUSTER}, {@code LOCK}) and the shape of {@code CREATE} and
 * {@code DROP} are read from their keywords, on tokens that know PostgreSQL's comments
 * and quoting. {@code ALTER TABLE}, whose actions, column definitions and default
 * expressions the rules need, is parsed by JSqlParser; the two PostgreSQL forms it does
 * not know ({@code SET DATA TYPE}, {@code USING INDEX}) are recognised on the tokens of
 * their action.
 */
final class StatementChecker {

	/** A bound for a pathological statement, which JSqlParser may take long over. */
	private static final long PARSE_TIMEOUT_MILLIS = 5_000;

	/**
	 * Functions whose result does not change from row to row, so that a default calling
	 * them is stored once instead of rewriting the table.
	 */
	private static final Set<String> NON_VOLATILE_FUNCTIONS = Set.of("now", "current_timestamp", "current_date",
			"current_time", "localtimestamp", "localtime", "transaction_timestamp", "statement_timestamp",
			"current_user", "current_schema", "session_user", "lower", "upper", "trim", "length", "coalesce", "nullif",
			"to_jsonb", "to_json", "jsonb_build_object", "json_build_object", "jsonb_build_array", "json_build_array",
			"array", "make_interval", "make_date", "to_timestamp", "to_date");

	private static final Set<String> SERIAL_TYPES = Set.of("serial", "bigserial", "smallserial", "serial2", "serial4",
			"serial8");

	private final ExecutorService parser;

	StatementChecker(ExecutorService parser) {
		this.parser = parser;
	}

	/**
	 * Checks a statement.
	 * @param tokens its tokens
	 * @param sql its text
	 * @param createdTables tables the migration created so far; a {@code CREATE TABLE}
	 * adds to them
	 * @param alone whether the statement is alone in a migration that runs without a
	 * transaction
	 * @return the rules it breaks
	 */
	Result check(SqlTokens tokens, String sql, Set<String> createdTables, boolean alone) {
		List<Token> code = tokens.code();
		Set<LintRule> broken = EnumSet.noneOf(LintRule.class);
		if (code.isEmpty()) {
			return new Result(broken, false);
		}
		if (!alone && (code.get(0).is("CREATE") || code.get(0).is("DROP") || code.get(0).is("REINDEX")
				|| code.get(0).is("ALTER")) && contains(code, "CONCURRENTLY")) {
			broken.add(LintRule.CONCURRENTLY_IN_TRANSACTION);
		}
		Token first = code.get(0);
		if (first.is("SET")) {
			checkSet(code, broken);
		}
		else if (first.is("VACUUM") && contains(code, "FULL")) {
			broken.add(LintRule.VACUUM_FULL);
		}
		else if (first.is("CLUSTER")) {
			broken.add(LintRule.CLUSTER);
		}
		else if (first.is("LOCK")) {
			broken.add(LintRule.LOCK_TABLE);
		}
		else if (first.is("CREATE")) {
			checkCreate(code, createdTables, broken);
		}
		else if (first.is("DROP") && code.size() > 1 && code.get(1).is("TABLE")) {
			if (!namesAfter(code, 2).stream().allMatch(createdTables::contains)) {
				broken.add(LintRule.DROP);
			}
		}
		else if (first.is("ALTER") && code.size() > 1 && code.get(1).is("TABLE")) {
			return checkAlterTable(code, sql, createdTables, broken);
		}
		return new Result(broken, false);
	}

	private static void checkSet(List<Token> code, Set<LintRule> broken) {
		Token scope = (code.size() > 1) ? code.get(1) : code.get(0);
		if (!scope.is("LOCAL") && !scope.is("CONSTRAINTS") && !scope.is("TRANSACTION")) {
			broken.add(LintRule.SESSION_SET);
		}
	}

	private static void checkCreate(List<Token> code, Set<String> createdTables, Set<LintRule> broken) {
		int index = 1;
		while (index < code.size() && (code.get(index).is("UNIQUE") || code.get(index).is("UNLOGGED")
				|| code.get(index).is("TEMPORARY") || code.get(index).is("TEMP") || code.get(index).is("OR")
				|| code.get(index).is("REPLACE") || code.get(index).is("GLOBAL") || code.get(index).is("LOCAL"))) {
			index++;
		}
		if (index >= code.size()) {
			return;
		}
		if (code.get(index).is("TABLE")) {
			List<String> names = namesAfter(code, index + 1);
			if (!names.isEmpty()) {
				createdTables.add(names.get(0));
			}
		}
		else if (code.get(index).is("INDEX") && !contains(code, "CONCURRENTLY")) {
			String table = tableAfterOn(code, index);
			if (table != null && !createdTables.contains(table)) {
				broken.add(LintRule.INDEX_NOT_CONCURRENT);
			}
		}
	}

	private Result checkAlterTable(List<Token> code, String sql, Set<String> createdTables, Set<LintRule> broken) {
		int nameIndex = skip(code, 2, "IF", "EXISTS", "ONLY");
		List<String> names = namesAfter(code, nameIndex);
		if (names.isEmpty() || createdTables.contains(names.get(0))) {
			return new Result(broken, false);
		}
		int actionsStart = nameIndex + qualifiedNameLength(code, nameIndex);
		boolean unread = false;
		for (List<Token> action : splitAtTopLevelCommas(code.subList(actionsStart, code.size()))) {
			if (isSetDataType(action)) {
				broken.add(LintRule.COLUMN_TYPE_CHANGE);
			}
			else if (contains(action, "USING") && contains(action, "INDEX")) {
				// ADD CONSTRAINT ... UNIQUE / PRIMARY KEY USING INDEX: the safe form.
			}
			else {
				Alter alter = parseAlter(text(code.subList(0, actionsStart)) + " " + text(action));
				if (alter == null) {
					unread = true;
				}
				else {
					alter.getAlterExpressions().forEach((expression) -> checkAction(expression, broken));
				}
			}
		}
		return new Result(broken, unread);
	}

	private static void checkAction(AlterExpression action, Set<LintRule> broken) {
		AlterOperation operation = action.getOperation();
		if (operation == AlterOperation.ADD) {
			checkAdd(action, broken);
		}
		else if (operation == AlterOperation.ALTER || operation == AlterOperation.MODIFY) {
			if (action.getColumnSetNotNullList() != null && !action.getColumnSetNotNullList().isEmpty()) {
				broken.add(LintRule.SET_NOT_NULL);
			}
			if (action.getColDataTypeList() != null
					&& action.getColDataTypeList().stream().anyMatch(ColumnDataType::isWithType)) {
				broken.add(LintRule.COLUMN_TYPE_CHANGE);
			}
		}
		else if (operation == AlterOperation.RENAME || operation == AlterOperation.RENAME_TABLE) {
			broken.add(LintRule.RENAME);
		}
		else if (operation == AlterOperation.DROP && action.getColumnName() != null
				&& action.getConstraintName() == null && action.getIndex() == null) {
			broken.add(LintRule.DROP);
		}
	}

	private static void checkAdd(AlterExpression action, Set<LintRule> broken) {
		Index index = action.getIndex();
		if (index instanceof ForeignKeyIndex foreignKey) {
			if (foreignKey.getConstraintAttributes() == null || !foreignKey.getConstraintAttributes().isNotValid()) {
				broken.add(LintRule.CONSTRAINT_NOT_VALID);
			}
		}
		else if (index instanceof CheckConstraint check) {
			if (check.getConstraintAttributes() == null || !check.getConstraintAttributes().isNotValid()) {
				broken.add(LintRule.CONSTRAINT_NOT_VALID);
			}
		}
		else if (index != null && index.getType() != null
				&& (index.getType().toUpperCase(Locale.ROOT).contains("UNIQUE")
						|| index.getType().toUpperCase(Locale.ROOT).contains("PRIMARY"))) {
			broken.add(LintRule.UNIQUE_WITHOUT_INDEX);
		}
		if (action.getColDataTypeList() == null) {
			return;
		}
		for (ColumnDataType column : action.getColDataTypeList()) {
			String type = column.getColDataType().getDataType().toLowerCase(Locale.ROOT);
			Expression defaultValue = defaultOf(column);
			if (SERIAL_TYPES.contains(type) || (defaultValue != null && isVolatile(defaultValue))) {
				broken.add(LintRule.VOLATILE_DEFAULT);
			}
			if (defaultValue == null && isNotNull(column)) {
				broken.add(LintRule.NOT_NULL_WITHOUT_DEFAULT);
			}
		}
	}

	private static @Nullable Expression defaultOf(ColumnDataType column) {
		if (column.getColumnOptions() != null) {
			for (ColumnOption option : column.getColumnOptions()) {
				if (option.getKind() == ColumnOption.Kind.DEFAULT) {
					return option.getDefaultExpression();
				}
			}
		}
		return null;
	}

	private static boolean isNotNull(ColumnDataType column) {
		List<String> specs = (column.getColumnSpecs() != null) ? column.getColumnSpecs() : List.of();
		for (int index = 0; index + 1 < specs.size(); index++) {
			if (specs.get(index).equalsIgnoreCase("NOT") && specs.get(index + 1).equalsIgnoreCase("NULL")) {
				return true;
			}
		}
		return specs.stream().anyMatch((spec) -> spec.equalsIgnoreCase("PRIMARY") || spec.equalsIgnoreCase("NOT NULL"));
	}

	private static boolean isVolatile(Expression expression) {
		List<String> functions = new ArrayList<>();
		expression.accept(new ExpressionVisitorAdapter<Void>() {

			@Override
			public <S> Void visit(Function function, S context) {
				functions.add(function.getName().toLowerCase(Locale.ROOT));
				return super.visit(function, context);
			}

		}, null);
		return functions.stream().anyMatch((name) -> !NON_VOLATILE_FUNCTIONS.contains(unqualified(name)));
	}

	private static String unqualified(String name) {
		return name.substring(name.lastIndexOf('.') + 1);
	}

	private @Nullable Alter parseAlter(String sql) {
		try {
			net.sf.jsqlparser.statement.Statement statement = CCJSqlParserUtil.parse(sql, this.parser,
					(parser) -> parser.withDialect(Dialect.POSTGRESQL).withTimeOut(PARSE_TIMEOUT_MILLIS));
			return (statement instanceof Alter alter && !(statement instanceof UnsupportedStatement)) ? alter : null;
		}
		catch (JSQLParserException ex) {
			return null;
		}
	}

	private static boolean isSetDataType(List<Token> action) {
		// ALTER [COLUMN] column SET DATA TYPE ...
		for (int index = 0; index + 2 < action.size(); index++) {
			if (action.get(index).is("SET") && action.get(index + 1).is("DATA") && action.get(index + 2).is("TYPE")) {
				return true;
			}
		}
		return false;
	}

	private static @Nullable String tableAfterOn(List<Token> code, int from) {
		for (int index = from; index < code.size(); index++) {
			if (code.get(index).is("ON")) {
				List<String> names = namesAfter(code, skip(code, index + 1, "ONLY"));
				return names.isEmpty() ? null : names.get(0);
			}
		}
		return null;
	}

	/**
	 * The names of a comma-separated list of possibly qualified names, e.g. after
	 * {@code DROP TABLE IF EXISTS}; each is its last part, as folded by PostgreSQL.
	 */
	private static List<String> namesAfter(List<Token> code, int from) {
		List<String> names = new ArrayList<>();
		int index = skip(code, from, "IF", "NOT", "EXISTS", "ONLY");
		while (index < code.size() && isName(code.get(index))) {
			int length = qualifiedNameLength(code, index);
			names.add(code.get(index + length - 1).name());
			index += length;
			if (index < code.size() && code.get(index).isSymbol(",")) {
				index++;
			}
			else {
				break;
			}
		}
		return names;
	}

	private static int qualifiedNameLength(List<Token> code, int from) {
		int index = from;
		while (index + 2 < code.size() && code.get(index + 1).isSymbol(".") && isName(code.get(index + 2))) {
			index += 2;
		}
		return index - from + 1;
	}

	private static boolean isName(Token token) {
		return token.kind() == Kind.WORD || token.kind() == Kind.QUOTED_IDENTIFIER;
	}

	private static int skip(List<Token> code, int from, String... words) {
		int index = from;
		while (index < code.size() && isOneOf(code.get(index), words)) {
			index++;
		}
		return index;
	}

	private static boolean isOneOf(Token token, String... words) {
		for (String word : words) {
			if (token.is(word)) {
				return true;
			}
		}
		return false;
	}

	private static boolean contains(List<Token> code, String keyword) {
		return code.stream().anyMatch((token) -> token.is(keyword));
	}

	private static List<List<Token>> splitAtTopLevelCommas(List<Token> tokens) {
		List<List<Token>> parts = new ArrayList<>();
		int depth = 0;
		int start = 0;
		for (int index = 0; index < tokens.size(); index++) {
			Token token = tokens.get(index);
			if (token.isSymbol("(") || token.isSymbol("[")) {
				depth++;
			}
			else if (token.isSymbol(")") || token.isSymbol("]")) {
				depth--;
			}
			else if (depth == 0 && token.isSymbol(",")) {
				parts.add(tokens.subList(start, index));
				start = index + 1;
			}
		}
		if (start < tokens.size()) {
			parts.add(tokens.subList(start, tokens.size()));
		}
		return parts;
	}

	/**
	 * The tokens as written, with one space where anything stood between two of them:
	 * JSqlParser reads {@code timestamp(6) with time zone}, Hibernate's type for an
	 * {@code Instant}, but not {@code timestamp ( 6 ) with time zone}.
	 */
	private static String text(List<Token> tokens) {
		StringBuilder text = new StringBuilder();
		@Nullable Token previous = null;
		for (Token token : tokens) {
			if (previous != null && token.start() != previous.start() + previous.text().length()) {
				text.append(' ');
			}
			text.append(token.text());
			previous = token;
		}
		return text.toString();
	}

	/**
	 * What the statement breaks.
	 *
	 * @param broken the rules it breaks
	 * @param unread whether part of it could not be read, and was not checked
	 */
	record Result(Set<LintRule> broken, boolean unread) {
	}

}
