package cacherr.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cacherr.adapters.persistence.schema.LegacyOperationTypes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The audit log's copy maps the original's operation types in SQL and calls Java only for other names (and those
 * that are not printable ASCII): the same action code as {@link LegacyOperationTypes#actionCode} for every name, and
 * no call into Java for the names the original wrote.
 */
class LegacyOperationTypesTest {
    private static final String[] PARTS = {"cache", "add", "cached", "remove", "uncache", "delete", "cleanup",
        "access", "verify", "adopt", "recover", "restor", "purge", "prune", "detach", "attach", "clean", "evict",
        "remov", "delet", "array", "play", "watch", "verif", "check", "copy", "move", "link", "_", " ", "to", "x",
        "CACHE", "Restore", "MOVE_TO_ARRAY", "cache_add", "user_attach", "log_prune", "\t", "é", "İ", "\u212A",
        "\u0000", "\n"};

    @Test
    void theCopysSqlGivesTheSameActionAsTheJavaForEveryName() throws Exception {
        List<String> names = new ArrayList<>(List.of("cache", "move_to_array", "restore", "Restore", " cache ",
                "frobnicate", "", " ", "cache_add", "CACHE_ADD", "\tcache", "cache\n", "chec\u212A", "RESTORÉ",
                "verİfy", "move_to_array\u0000"));
        Random random = new Random(21);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder name = new StringBuilder();
            for (int parts = 1 + random.nextInt(3); parts > 0; parts--) {
                name.append(PARTS[random.nextInt(PARTS.length)]);
            }
            names.add(name.toString());
        }
        int[] calls = {0};
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            org.sqlite.Function.create(c, "action_code", new org.sqlite.Function() {
                @Override
                protected void xFunc() throws SQLException {
                    calls[0]++;
                    result(LegacyOperationTypes.actionCode(value_text(0)));
                }
            });
            for (String name : names) assertEquals(LegacyOperationTypes.actionCode(name), inSql(c, name), name);
            assertEquals(LegacyOperationTypes.actionCode(null), inSql(c, null));
            int before = calls[0];
            for (String name : new String[] {"cache", "move_to_array", "restore", " Restore", "cache_access", "ADD"}) {
                assertEquals(LegacyOperationTypes.actionCode(name), inSql(c, name), name);
            }
            assertEquals(before, calls[0], "the names the original wrote are mapped in SQL");
        }
    }

    private static String inSql(Connection c, String name) throws SQLException {
        try (var select = c.prepareStatement("SELECT " + LegacyOperationTypes.actionCodeInSql("?1"))) {
            select.setString(1, name);
            try (var row = select.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }
}
