package cacherr.bootstrap.fuzz;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded generator of requests that every endpoint must refuse. Each case spoils exactly one thing in an otherwise
 * well-formed request, so the spoiled thing alone decides the answer; the kinds: malformed JSON, wrong JSON types,
 * wrong body shapes, unknown fields, duplicate keys, invalid UTF-8, NUL and control characters, over-long strings,
 * huge, negative and fractional numbers, unknown enum values, bad dates, repeated query parameters, broken
 * percent-escapes, malformed ids, and file paths that escape the roots ({@code ../}, absolute paths elsewhere,
 * symlinks that point outside, directories, relative paths).
 *
 * <p>{@link Case#mustRefuse()} is false only for odd but legal reads (a search for text with a NUL in it): those
 * may answer 200, never 5xx.
 */
final class BadInput {
    /** One request: raw path with query, raw body bytes (or null), and what was spoiled. */
    record Case(String method, String path, byte[] body, String contentType, String spoiled, boolean mustRefuse) {
        @Override
        public String toString() {
            String shown = body == null ? "" : " body=" + preview(new String(body, StandardCharsets.UTF_8));
            return method + " " + preview(path) + shown + " [" + spoiled + "]";
        }

        private static String preview(String text) {
            String flat = text.replaceAll("\\p{Cntrl}", "?");
            return flat.length() > 160 ? flat.substring(0, 160) + "…(" + flat.length() + " chars)" : flat;
        }
    }

    private final Random random;
    private final String arrayRoot;
    private final String cacheRoot;
    private final String outside;
    private final List<String> ids;

    /** The list's parameters; the export takes them too, but for its paging (limit, offset, exact_total). */
    private static final Map<String, String> LIST_FILTERS = Map.ofEntries(Map.entry("search", "text200"),
            Map.entry("user_id", "user"), Map.entry("status", "status"), Map.entry("triggered_by_operation", "operation"),
            Map.entry("size_min", "size"), Map.entry("size_max", "size"), Map.entry("cached_since", "instant"),
            Map.entry("cached_until", "instant"), Map.entry("limit", "limit"), Map.entry("offset", "offset"),
            Map.entry("exact_total", "bool"), Map.entry("sort", "sort"));
    private static final Map<String, String> EXPORT_PARAMETERS = exportParameters();

    private static Map<String, String> exportParameters() {
        Map<String, String> parameters = new java.util.HashMap<>(LIST_FILTERS);
        parameters.remove("limit");
        parameters.remove("offset");
        parameters.remove("exact_total");
        parameters.put("format", "format");
        parameters.put("include_metadata", "bool");
        return Map.copyOf(parameters);
    }

    /**
     * @param ids ids of files that exist in the books, so that a spoiled body on a real file is tried too
     */
    BadInput(long seed, String arrayRoot, String cacheRoot, String outside, List<String> ids) {
        this.random = new Random(seed);
        this.arrayRoot = arrayRoot;
        this.cacheRoot = cacheRoot;
        this.outside = outside;
        this.ids = ids;
    }

    Case next() {
        switch (random.nextInt(13)) {
            case 0: case 1: return cacheFile();
            case 2: return removeFile();
            case 3: return access();
            case 4: return attribute();
            case 5: return bodyOnly("POST", "/api/cached/cleanup", Map.of("remove_orphaned", "bool", "dry_run", "bool",
                    "user_id", "user"));
            case 6: return verify();
            case 7: return query("/api/cached/files", LIST_FILTERS);
            case 8: return query("/api/cached/files/search", Map.of("q", "text200", "type", "searchType",
                    "limit", "limit", "include_removed", "bool", "exact_total", "bool"));
            case 9: return query("/api/cached/operations", Map.of("operation_type", "action", "user_id", "user",
                    "file_path", "text4096", "success", "bool", "since", "instant", "until", "instant", "limit", "limit",
                    "offset", "offset", "exact_total", "bool"));
            case 10: return random.nextBoolean()
                    ? query("/api/results/operations", Map.of("limit", "limit", "offset", "offset", "active_only", "bool",
                            "exact_total", "bool", "start_date", "instant", "end_date", "instant"))
                    : query("/api/cached/export", EXPORT_PARAMETERS);
            case 11: return random.nextBoolean()
                    ? query("/api/cached/users/" + pick("alice", "bob") + "/stats", Map.of("days", "days"))
                    : random.nextBoolean() ? query("/api/cached/activity", Map.of("days", "days")) : purgeOrUserPath();
            default: return badPathParam();
        }
    }

    // ---- bodies ----

    private Case cacheFile() {
        if (random.nextInt(3) == 0) {
            String path = badFilePath();
            return json("POST", "/api/cached/files", "{\"file_path\":" + str(path)
                    + ",\"triggered_by_operation\":\"manual\",\"user_id\":\"fuzz\"}", "file path " + kindOf(path));
        }
        return bodyOnly("POST", "/api/cached/files", Map.of("file_path", "mediaPath", "triggered_by_operation",
                "operation", "user_id", "user", "reason", "reason", "cache_method", "method", "metadata", "object"));
    }

    private Case removeFile() {
        return bodyOnly("DELETE", "/api/cached/files/" + anId(), Map.of("reason", "reason", "user_id", "user"));
    }

    private Case access() {
        return bodyOnly("POST", "/api/cached/files/" + anId() + "/access", Map.of("user_id", "user"));
    }

    private Case attribute() {
        return bodyOnly("PUT", "/api/cached/files/" + anId() + "/users/fuzz", Map.of("reason", "reason"));
    }

    private Case verify() {
        if (random.nextBoolean()) {
            String ids = pick("[\"\"]", "[\"a/b\"]", "[\"with space\"]", "[1,2]", "\"not-a-list\"", "[null]",
                    "[\"" + "x".repeat(65) + "\"]", tooManyIds(), "{\"id\":1}");
            return json("POST", "/api/cached/verify", "{\"ids\":" + ids + "}", "ids " + ids.length() + " chars");
        }
        return bodyOnly("POST", "/api/cached/verify", Map.of("checksum", "bool", "user_id", "user"));
    }

    private String tooManyIds() {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < 10_001; i++) out.append(i == 0 ? "" : ",").append("\"id").append(i).append('"');
        return out.append(']').toString();
    }

    /** A body for an object with {@code fields}: one field spoiled, or the whole body. */
    private Case bodyOnly(String method, String path, Map<String, String> fields) {
        List<String> names = new ArrayList<>(fields.keySet());
        names.sort(null);
        String field = names.get(random.nextInt(names.size()));
        String valid = "{" + validFields(fields, path) + "}";
        switch (random.nextInt(11)) {
            case 0: { // a proper prefix of a JSON object is never JSON
                int cut = 1 + random.nextInt(valid.length() - 1);
                return json(method, path, valid.substring(0, cut), "truncated JSON");
            }
            case 1: return json(method, path, valid + pick("}", "x", "{}", ",", "[", " null"), "trailing garbage");
            case 2: return json(method, path, pick("[]", "\"text\"", "42", "true", "[{}]", "{]", "{\"a\"}", "{,}",
                    "{'single':'quotes'}", "NaN", "{\"a\":01}"), "not a JSON object");
            case 3: return json(method, path, "{\"unknown_" + random.nextInt(1000) + "\":1"
                    + (valid.length() > 2 ? "," + valid.substring(1) : "}"), "unknown field");
            case 4: return json(method, path, with(fields, field, wrongTypeFor(fields.get(field)), path),
                    "wrong type for " + field);
            case 5: return json(method, path, with(fields, field, badValueFor(fields.get(field)), path),
                    "bad value for " + field);
            case 6: { // invalid UTF-8 inside a string
                byte[] head = ("{" + q(field) + ":\"a").getBytes(StandardCharsets.UTF_8);
                byte[] bad = pickBytes(new byte[] {(byte) 0xC3, (byte) 0x28}, new byte[] {(byte) 0xFF},
                        new byte[] {(byte) 0xE2, (byte) 0x82}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
                byte[] tail = "\"}".getBytes(StandardCharsets.UTF_8);
                byte[] all = new byte[head.length + bad.length + tail.length];
                System.arraycopy(head, 0, all, 0, head.length);
                System.arraycopy(bad, 0, all, head.length, bad.length);
                System.arraycopy(tail, 0, all, head.length + bad.length, tail.length);
                return new Case(method, path, all, "application/json", "invalid UTF-8 in " + field, true);
            }
            case 7: return json(method, path, "[".repeat(2000 + random.nextInt(5000)), "deeply nested");
            case 8: return json(method, path, "{\"x\":\"" + "a".repeat(1_100_000) + "\"}", "body over 1 MiB");
            case 9: { // the same key twice: which one counts is a guess, so neither may
                String dup = fields.get(field);
                return json(method, path, "{" + q(field) + ":" + validValueFor(dup, path) + "," + q(field) + ":"
                        + validValueFor(dup, path) + "}", "duplicate key " + field);
            }
            default: return json(method, path, with(fields, field, str(pick("a\u0000b", "a\u0001b", "x\u001fy", "x\u007f")), path),
                    "control characters in " + field);
        }
    }

    /** The required fields, valid, with {@code field} set to {@code value}. */
    private String with(Map<String, String> fields, String field, String value, String path) {
        String rest = fields.containsKey("file_path") && !field.equals("file_path") && !field.equals("triggered_by_operation")
                ? validFields(fields, path) : "";
        if (field.equals("triggered_by_operation")) rest = "\"file_path\":" + validValueFor("mediaPath", path);
        if (field.equals("file_path")) rest = "\"triggered_by_operation\":\"manual\"";
        return "{" + q(field) + ":" + value + (rest.isEmpty() ? "" : "," + rest) + "}";
    }

    private String validFields(Map<String, String> fields, String path) {
        // Only the required fields of a cache request: the rest are optional, and leaving them out keeps bodies short.
        if (!fields.containsKey("file_path")) return "";
        return "\"file_path\":" + validValueFor("mediaPath", path) + ",\"triggered_by_operation\":\"manual\"";
    }

    private String validValueFor(String kind, String path) {
        switch (kind) {
            case "bool": return pick("true", "false");
            case "mediaPath": return str(arrayRoot + "/shows/Show 00/Season 1/S01E000.mkv");
            case "operation": return "\"manual\"";
            case "method": return "\"atomic_copy\"";
            case "object": return "{}";
            default: return "\"fuzz\"";
        }
    }

    private String wrongTypeFor(String kind) {
        if ("bool".equals(kind)) return pick("\"true\"", "1", "0", "\"yes\"", "[]", "{}", "1.5");
        if ("object".equals(kind)) return pick("[]", "\"text\"", "42", "true", "[1,2]");
        return pick("42", "-1", "1.5e300", "true", "false", "[]", "{}", "[\"a\"]", "{\"nested\":\"x\"}",
                "123456789012345678901234567890");
    }

    private String badValueFor(String kind) {
        switch (kind) {
            case "bool": return pick("\"maybe\"", "2", "-1", "null_", "tru");
            case "user": return str(pick("x".repeat(201 + random.nextInt(5000)), "a\u0000b", "tab\tin", "\u0007",
                    "line\nbreak", "   "));
            case "reason": return str("r".repeat(501 + random.nextInt(5000)));
            case "operation": return str(unknownWord());
            case "method": return str(unknownWord());
            case "object": return pick("[]", "\"{}\"", "7");
            case "mediaPath": return str(badFilePath());
            default: return str(unknownWord());
        }
    }

    private String badFilePath() {
        return pick(arrayRoot + "/../outside/secret.mkv", arrayRoot + "/shows/../../outside/secret.mkv",
                outside + "/secret.mkv", "/etc/passwd", "/", arrayRoot + "/evil.mkv", arrayRoot + "/evil-dir/secret.mkv",
                arrayRoot + "/shows", arrayRoot, arrayRoot + "/missing.mkv", "shows/relative.mkv", "../relative.mkv",
                arrayRoot + "/./shows/Show 00/Season 1/S01E000.mkv", arrayRoot + "/shows/Show 00/Season 1/S01E000.mkv\u0000.txt",
                arrayRoot + "/" + "n".repeat(4097), cacheRoot + "/shows/Show 00/Season 1/S01E000.mkv",
                "file://" + arrayRoot + "/shows/Show 00/Season 1/S01E000.mkv", "~/movie.mkv", arrayRoot + "_other/x.mkv",
                "   ", "");
    }

    private String kindOf(String path) {
        if (path.contains("..")) return "with ..";
        if (path.contains("\u0000")) return "with NUL";
        if (path.length() > 4096) return "over-long";
        if (path.contains("evil")) return "through a symlink out";
        return "'" + (path.length() > 60 ? path.substring(path.length() - 60) : path) + "'";
    }

    // ---- query strings ----

    private Case query(String path, Map<String, String> params) {
        List<String> names = new ArrayList<>(params.keySet());
        names.sort(null);
        String name = names.get(random.nextInt(names.size()));
        String kind = params.get(name);
        int how = random.nextInt(6);
        if (how == 0 && !kind.startsWith("text") && !"user".equals(kind)) {
            // repeated parameter, two different values: a server must not pick one silently
            String a = goodParam(kind);
            String b = goodParam(kind);
            for (int i = 0; i < 20 && b.equals(a); i++) b = goodParam(kind);
            return new Case("GET", path + "?" + name + "=" + enc(a) + "&" + name + "=" + enc(b), null, null,
                    "repeated " + name, true);
        }
        if (how == 1) {
            return new Case("GET", path + "?" + name + "=" + pick("%zz", "%", "%C3%28", "%FF", "%E2%82", "%ED%A0%80"),
                    null, null, "broken percent-escape in " + name, true);
        }
        String value = badParam(kind);
        boolean legal = kind.startsWith("text") && value.length() <= (kind.equals("text200") ? 200 : 4096);
        return new Case("GET", path + "?" + name + "=" + enc(value), null, null, "bad " + name + " (" + kind + ")",
                !legal);
    }

    private Case purgeOrUserPath() {
        String value = badParam("purgeDays");
        return new Case("POST", "/api/cached/purge?older_than_days=" + enc(value), null, null, "bad older_than_days",
                true);
    }

    private String goodParam(String kind) {
        switch (kind) {
            case "status": return pick("active", "orphaned", "removed", "pending_removal");
            case "operation": return pick("watchlist", "ondeck", "manual", "trakt");
            case "searchType": return pick("all", "filename", "path", "user", "operation");
            case "format": return pick("csv", "json", "txt");
            case "action": return pick("cache_add", "cache_remove", "cache_access");
            case "bool": return pick("true", "false");
            case "instant": return pick("2026-01-01", "2025-06-30T12:00:00Z", "2025-06-30T12:00:00");
            case "days": return pick("1", "7", "30");
            case "sort": return pick("cached_at", "file_path", "filename");
            default: return Integer.toString(1 + random.nextInt(400));
        }
    }

    private String badParam(String kind) {
        switch (kind) {
            case "limit": return pick("0", "501", "-1", "99999999999999999999", "1.5", "ten", "1e2", "0x10",
                    "2147483648", "-2147483649", " 5 5");
            case "offset": return pick("-1", "-2147483648", "99999999999999999999", "1.5", "abc", "1e3");
            case "size": return pick("-1", "99999999999999999999", "-99999999999999999999", "1.5", "big", "1e9");
            case "days": return pick("0", "-1", "3651", "99999999999", "1.5", "week");
            case "purgeDays": return pick("-1", "36501", "99999999999", "1.5", "month", "%", "1,5");
            case "bool": return pick("maybe", "2", "yes", "truee", "-1", "on");
            case "instant": return pick("2026-13-45", "yesterday", "2026-01-01T25:00:00Z", "1700000000",
                    "2026-02-30", "2026-01-01T25:00:00", "+999999999-12-31T23:59:59Z"); // no zone is UTC, not bad
            case "user": return pick("x".repeat(201 + random.nextInt(3000)), "a\u0000b", "tab\tin", "\u001b[31m");
            case "text200": return random.nextBoolean() ? "s".repeat(201 + random.nextInt(3000))
                    : pick("nul\u0000in", "%_%", "\u0000", "'; DROP TABLE cached_files; --", "\uD83C\uDFAC🎬");
            case "text4096": return random.nextBoolean() ? "p".repeat(4097 + random.nextInt(3000))
                    : pick("/x\u0000y", "../../etc/passwd", "%");
            case "sort": return unknownWord();
            default: return unknownWord(); // every enum: status, operation, searchType, format, action
        }
    }

    // ---- path parameters ----

    private Case badPathParam() {
        String id = pick("x".repeat(65 + random.nextInt(500)), "%00", "a%00b", "..%2F..%2Fetc%2Fpasswd", "%2e%2e",
                "with%20space", "%C3%28", "%FF", "caf%C3%A9", "%09");
        switch (random.nextInt(6)) {
            case 0: return new Case("GET", "/api/cached/files/" + id, null, null, "bad id", true);
            case 1: return new Case("DELETE", "/api/cached/files/" + id, null, null, "bad id", true);
            case 2: return new Case("POST", "/api/cached/files/" + id + "/access", null, null, "bad id", true);
            case 3: return new Case("PUT", "/api/cached/files/" + anId() + "/users/" + pick("%00", "a%00b",
                    "u".repeat(201 + random.nextInt(300)), "%09tab", "%1b"), null, null, "bad user id", true);
            case 4: return new Case("DELETE", "/api/cached/files/" + id + "/users/alice", null, null, "bad id", true);
            default: return new Case("GET", "/api/cached/users/" + pick("%00", "u".repeat(201 + random.nextInt(300)),
                    "%1b%5b") + "/stats", null, null, "bad user id", true);
        }
    }

    // ---- helpers ----

    private String anId() {
        return ids.isEmpty() || random.nextInt(4) == 0 ? "no-such-file-" + random.nextInt(1000)
                : ids.get(random.nextInt(ids.size()));
    }

    private String unknownWord() {
        return pick("bogus", "zz" + random.nextInt(100_000), "active;drop", "\u0000", "🎬", "x".repeat(5000),
                "ACTIVE--", "watch list", "copy2", "null", "undefined", "-1", "%");
    }

    private Case json(String method, String path, String body, String spoiled) {
        return new Case(method, path, body.getBytes(StandardCharsets.UTF_8), "application/json", spoiled, true);
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }

    private byte[] pickBytes(byte[]... options) {
        return options[random.nextInt(options.length)];
    }

    private static String q(String name) {
        return "\"" + name + "\"";
    }

    private static String str(String text) {
        return cacherr.bootstrap.fixtures.Api.quote(text);
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
