package ist.spike.nexus.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One SQLite connection with its prepared statements cached by SQL text, used by one thread at a
 * time (the database hands sessions out under a lock or from a pool). Callers close the result
 * sets they open but never the statements.
 */
public final class Session implements AutoCloseable {
    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private final List<Runnable> undo = new ArrayList<>();

    Session(Connection connection) {
        this.connection = connection;
    }

    /** The cached statement for {@code sql}, parameters cleared. Do not close it. */
    public PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement s = statements.get(sql);
        if (s == null) {
            s = connection.prepareStatement(sql);
            statements.put(sql, s);
        } else {
            s.clearParameters();
        }
        return s;
    }

    /** Runs a statement without parameters or results (pragmas, savepoints, DDL). */
    public void execute(String sql) throws SQLException {
        statement(sql).execute();
    }

    /**
     * On the writer's session: {@code action} runs if the write being run is rolled back (its
     * own savepoint, or the whole batch when the commit fails), so a cache of what the write
     * changed can forget it. Runs on the batch's thread, with no other batch running.
     */
    public void onRollback(Runnable action) {
        undo.add(action);
    }

    /** Where the rollback actions of the next write start. */
    int undoMark() {
        return undo.size();
    }

    /** Runs, newest first, the rollback actions registered since {@code mark}, and drops them. */
    void rolledBack(int mark) {
        for (int i = undo.size() - 1; i >= mark; i--) {
            undo.remove(i).run();
        }
    }

    /** The batch committed: its rollback actions will never be needed. */
    void committed() {
        undo.clear();
    }

    Connection connection() {
        return connection;
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement s : statements.values()) {
            s.close();
        }
        statements.clear();
        connection.close();
    }
}
