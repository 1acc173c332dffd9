package cacherr.adapters.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.adapters.web.fixtures.RunningApi;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The page's scripts are ES modules loaded by the browser straight from the jar: a browser refuses a module served
 * with a MIME type other than JavaScript's, and one missing file in the import graph stops the whole page. This test
 * follows the graph from index.html over real HTTP, without a browser, so it runs everywhere.
 */
class PageModulesServedTest {
    private static final Pattern MODULE_SCRIPT = Pattern.compile("<script type=\"module\" src=\"([^\"]+)\"");
    private static final Pattern IMPORT = Pattern.compile("^import\\s[^;]*?from\\s+'([^']+)';", Pattern.MULTILINE);

    @Test
    void everyModuleTheIndexReachesIsServedAsJavaScript() {
        try (RunningApi api = RunningApi.start()) {
            RunningApi.Response index = api.get("/");
            assertEquals(200, index.status());
            Deque<String> todo = new ArrayDeque<>();
            Matcher scripts = MODULE_SCRIPT.matcher(index.body());
            while (scripts.find()) todo.add(scripts.group(1));
            assertTrue(todo.contains("/app/main.js"), "index.html loads the page's modules from /app/main.js");
            Set<String> seen = new LinkedHashSet<>();
            Set<String> fetching = new LinkedHashSet<>();
            while (!todo.isEmpty()) {
                String path = todo.poll();
                if (!seen.add(path)) continue;
                RunningApi.Response module = api.get(path);
                assertEquals(200, module.status(), path);
                assertTrue(module.header("Content-Type").startsWith("text/javascript"),
                        path + " is served as " + module.header("Content-Type"));
                if (module.body().contains("fetch(")) fetching.add(path);
                Matcher imports = IMPORT.matcher(module.body());
                while (imports.find()) todo.add(URI.create(path).resolve(imports.group(1)).getPath());
            }
            for (String view : new String[] {"files", "detail", "users", "operations", "cleanup", "verify", "charts"}) {
                assertTrue(seen.contains("/app/" + view + ".js"), view + " is a module reached from main.js: " + seen);
            }
            assertTrue(seen.contains("/batch/start.js"), seen.toString());
            assertEquals(Set.of("/app/api.js"), fetching, "one request helper (the envelope, the token, errors in"
                    + " words) for every module, the batch ones included");
            assertEquals(404, api.get("/batch/api.js").status(), "the batch modules' copy of it is gone");
            assertEquals(404, api.get("/app.js").status(), "the old single script is gone");
        }
    }

    @Test
    void theIndexCallsNoScriptByGlobalName() {
        try (RunningApi api = RunningApi.start()) {
            String html = api.get("/").body();
            assertFalse(Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).find(),
                    "inline event handlers would need globals; the modules attach their listeners");
        }
    }
}
