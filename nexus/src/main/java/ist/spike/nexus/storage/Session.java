package ist.spike.nexus.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * One SQLite connection with its prepared statements cached by SQL text, used by one thread at a
 * time (the database hands sessions out under a lock or from a pool). Callers close the result
 * sets they open but never the statements.
 */
public final class Session implements AutoCloseable {
    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

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
