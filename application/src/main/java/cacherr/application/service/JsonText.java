package cacherr.application.service;

import java.util.Locale;
import java.util.Map;

/** Writes the small flat JSON objects the audit log keeps as details. Strings are escaped; nothing is parsed. */
final class JsonText {
    private JsonText() {
    }

    static String object(Map<String, ?> fields) {
        StringBuilder json = new StringBuilder("{");
        fields.forEach((key, value) -> {
            if (json.length() > 1) json.append(',');
            string(json, key).append(':');
            if (value == null) json.append("null");
            else if (value instanceof Number || value instanceof Boolean) json.append(value);
            else string(json, value.toString());
        });
        return json.append('}').toString();
    }

    private static StringBuilder string(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"':
                    json.append("\\\"");
                    break;
                case '\\':
                    json.append("\\\\");
                    break;
                default:
                    if (c < 0x20) json.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    else json.append(c);
            }
        }
        return json.append('"');
    }
}
