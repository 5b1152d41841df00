package io.conntrack.tracking;

/** Strings as they can be encoded: what the application names (pools, threads, classes) may be ill-formed UTF-16. */
public final class Utf16 {

    /** What an unpaired surrogate becomes: U+FFFD REPLACEMENT CHARACTER (Java's UTF-8 encoder would write '?'). */
    public static final char REPLACEMENT = '\uFFFD';

    private Utf16() {
    }

    /**
     * {@code s} with every unpaired surrogate replaced by {@link #REPLACEMENT}; {@code s} itself when it
     * has none (no allocation). Names that differ only in unpaired surrogates are different strings but
     * encode to the same UTF-8: whatever must stay unique after encoding (a metrics label, a pool's name)
     * is made unique in this form.
     */
    public static String wellFormed(String s) {
        if (s == null) {
            return null;
        }
        int i = firstUnpaired(s, 0);
        if (i < 0) {
            return s;
        }
        char[] c = s.toCharArray();
        for (; i >= 0; i = firstUnpaired(s, i + 1)) {
            c[i] = REPLACEMENT;
        }
        return new String(c);
    }

    private static int firstUnpaired(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++; // a pair
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }
}
