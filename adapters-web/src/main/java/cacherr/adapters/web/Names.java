package cacherr.adapters.web;

/** Java component names as the API spells them. */
final class Names {
    private Names() {
    }

    /** {@code sizeMin} → {@code size_min}. */
    static String snake(String camel) {
        StringBuilder out = new StringBuilder(camel.length() + 4);
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) out.append('_').append(Character.toLowerCase(c));
            else out.append(c);
        }
        return out.toString();
    }
}
