package io.devmentor.monitoring.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/** What the adapter's stores share: a connection pool on {@code DATABASE_URL}, and versioned migrations. */
final class Database {

    private static final Pattern TABLE_NAME = Pattern.compile("[a-z_]+");

    private Database() {
    }

    /**
     * A pool that starts while the database is down and fails fast (2 s) while it stays down, so that
     * callers can fall back at once.
     */
    static HikariDataSource pool(DatabaseUrl url, String name, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.jdbcUrl());
        url.user().ifPresent(config::setUsername);
        url.password().ifPresent(config::setPassword);
        config.setMaximumPoolSize(size);
        config.setConnectionTimeout(2000);
        config.setValidationTimeout(1000);
        config.setInitializationFailTimeout(-1);
        config.setPoolName(name);
        return new HikariDataSource(config);
    }

    /**
     * Applies the migrations of one part of the schema that are not applied yet, in one transaction, under a
     * lock: whichever instance gets there first migrates, the others wait and find nothing left to do.
     *
     * @param versionTable the table that records this part's versions
     * @param migrations the statements of each version, oldest first; never edit one that has shipped
     */
    static void migrate(DataSource pool, String versionTable, List<List<String>> migrations) throws SQLException {
        if (!TABLE_NAME.matcher(versionTable).matches()) {
            throw new IllegalArgumentException("not a table name: " + versionTable);
        }
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + versionTable + " (version int PRIMARY KEY,"
                    + " applied_at timestamptz NOT NULL)");
            c.setAutoCommit(false);
            st.execute("LOCK TABLE " + versionTable + " IN EXCLUSIVE MODE");
            int current;
            try (ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(version), 0) FROM " + versionTable)) {
                rs.next();
                current = rs.getInt(1);
            }
            for (int version = current + 1; version <= migrations.size(); version++) {
                for (String sql : migrations.get(version - 1)) {
                    st.execute(sql);
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + versionTable + " VALUES (?, ?)")) {
                    ps.setInt(1, version);
                    ps.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
                    ps.executeUpdate();
                }
            }
            c.commit();
        }
    }

    /** Connection trouble, as opposed to a statement the database refused. */
    static boolean unreachable(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLTransientConnectionException || state == null || state.startsWith("08")
                || state.startsWith("57P");
    }
}
